// A small SVG line chart for the routing-quality curves (no dependency: a few dozen elements).

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly color: string;
  readonly dashed?: boolean | undefined;
  /** Draw markers only (a single policy's operating point, a single model). */
  readonly markers?: boolean | undefined;
}

export interface Chart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly series: readonly Series[];
  /** A horizontal reference line (the 95% target). */
  readonly hline?: { readonly y: number; readonly label: string } | undefined;
}

const W = 640;
const H = 420;
const M = { left: 64, right: 190, top: 40, bottom: 52 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function svgChart(chart: Chart): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + ((x - chart.x[0]) / (chart.x[1] - chart.x[0])) * pw;
  const sy = (y: number) => M.top + ph - ((y - chart.y[0]) / (chart.y[1] - chart.y[0])) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(chart.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="22" font-size="14" font-weight="bold">${esc(chart.title)}</text>`,
  ];
  for (let k = 0; k <= 5; k++) {
    const x = chart.x[0] + ((chart.x[1] - chart.x[0]) * k) / 5;
    const y = chart.y[0] + ((chart.y[1] - chart.y[0]) * k) / 5;
    out.push(
      `<line x1="${sx(x)}" y1="${M.top}" x2="${sx(x)}" y2="${M.top + ph}" stroke="#eee"/>`,
      `<line x1="${M.left}" y1="${sy(y)}" x2="${M.left + pw}" y2="${sy(y)}" stroke="#eee"/>`,
      `<text x="${sx(x)}" y="${M.top + ph + 16}" text-anchor="middle">${(x * 100).toFixed(0)}%</text>`,
      `<text x="${M.left - 6}" y="${sy(y) + 4}" text-anchor="end">${(y * 100).toFixed(0)}%</text>`,
    );
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`,
    `<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle">${esc(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(chart.yLabel)}</text>`,
  );
  if (chart.hline !== undefined) {
    const y = sy(chart.hline.y);
    out.push(
      `<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#c00" stroke-dasharray="2 3"/>`,
      `<text x="${M.left + 4}" y="${y - 4}" fill="#c00">${esc(chart.hline.label)}</text>`,
    );
  }
  chart.series.forEach((s, i) => {
    const ly = M.top + 12 + i * 18;
    const lx = M.left + pw + 14;
    if (s.markers) {
      for (const [x, y] of s.points)
        out.push(
          `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="4" fill="${s.color}"/>`,
        );
      out.push(`<circle cx="${lx + 10}" cy="${ly - 4}" r="4" fill="${s.color}"/>`);
    } else {
      const d = s.points
        .map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${sx(x).toFixed(1)} ${sy(y).toFixed(1)}`)
        .join(' ');
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
      out.push(
        `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 20}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      );
    }
    out.push(`<text x="${lx + 26}" y="${ly}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
