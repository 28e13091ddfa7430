import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimate-tokens.js';

// One sentence per script, with its token count: the larger of OpenAI's cl100k_base and
// o200k_base encodings (js-tiktoken 1.0.21), measured when the weights were chosen.
const SAMPLES: Record<string, [text: string, tokens: number]> = {
  english: [
    'The quarterly numbers show a steady rise in revenue, while costs fell slightly over the same period.',
    19,
  ],
  code: [
    'function add(a, b) { return a + b; } const x = [1, 2, 3].map((n) => n * 2); // 0x1f3a9 {"k":42}',
    49,
  ],
  digits: [
    '3141592653 5897932384 6264338327 9502884197 1693993751 0582097494 4592307816 4062862089',
    39,
  ],
  french: [
    'Les résultats trimestriels montrent une hausse régulière du chiffre d’affaires, tandis que les coûts ont légèrement baissé.',
    36,
  ],
  german: [
    'Die Quartalszahlen zeigen einen stetigen Anstieg des Umsatzes, während die Kosten im selben Zeitraum leicht sanken.',
    32,
  ],
  vietnamese: [
    'Các con số hàng quý cho thấy doanh thu tăng đều đặn, trong khi chi phí giảm nhẹ trong cùng kỳ.',
    40,
  ],
  russian: [
    'Квартальные показатели демонстрируют устойчивый рост выручки, а расходы за тот же период немного снизились.',
    52,
  ],
  greek: [
    'Τα τριμηνιαία στοιχεία δείχνουν σταθερή αύξηση των εσόδων, ενώ το κόστος μειώθηκε ελαφρώς την ίδια περίοδο.',
    98,
  ],
  hebrew: ['המספרים הרבעוניים מראים עלייה יציבה בהכנסות, בעוד שהעלויות ירדו מעט באותה תקופה.', 80],
  arabic: [
    'تظهر الأرقام الفصلية ارتفاعا مطردا في الإيرادات، بينما انخفضت التكاليف قليلا خلال الفترة نفسها.',
    67,
  ],
  armenian: [
    'Եռամսյակային թվերը ցույց են տալիս եկամուտների կայուն աճ, մինչդեռ ծախսերը մի փոքր նվազել են։',
    168,
  ],
  georgian: [
    'კვარტალური მონაცემები აჩვენებს შემოსავლების სტაბილურ ზრდას, ხოლო ხარჯები ოდნავ შემცირდა.',
    164,
  ],
  hindi: ['तिमाही आंकड़े राजस्व में स्थिर वृद्धि दिखाते हैं, जबकि उसी अवधि में लागत थोड़ी कम हुई।', 92],
  bengali: ['ত্রৈমাসিক সংখ্যাগুলি রাজস্বে স্থির বৃদ্ধি দেখায়, যখন একই সময়ে খরচ সামান্য কমেছে।', 104],
  tamil: ['காலாண்டு எண்கள் வருவாயில் நிலையான உயர்வைக் காட்டுகின்றன, அதே காலத்தில் செலவுகள் சற்று குறைந்தன.', 133],
  thai: ['ตัวเลขรายไตรมาสแสดงให้เห็นการเติบโตของรายได้อย่างต่อเนื่อง ขณะที่ต้นทุนลดลงเล็กน้อยในช่วงเวลาเดียวกัน', 93],
  khmer: ['តួលេខប្រចាំត្រីមាសបង្ហាញពីការកើនឡើងជាលំដាប់នៃប្រាក់ចំណូល ខណៈដែលចំណាយបានធ្លាក់ចុះបន្តិច។', 142],
  amharic: ['የሩብ ዓመቱ አሃዞች የገቢ ቋሚ ጭማሪ ያሳያሉ፣ ወጪዎች ግን በተመሳሳይ ጊዜ በትንሹ ቀንሰዋል።', 139],
  chinese: [
    '季度数据显示收入稳步增长，而同期成本略有下降。我们预计下个季度将继续保持这一趋势。',
    47,
  ],
  japanese: [
    '四半期の数字は売上高の着実な増加を示しており、同じ期間にコストはわずかに減少しました。',
    45,
  ],
  korean: [
    '분기별 수치는 매출이 꾸준히 증가했음을 보여주며, 같은 기간 비용은 약간 감소했습니다.',
    51,
  ],
  emoji: ['🚀📈💰🎉✅❌🔥👍🙏😀😂🤔🧠🌍⚡️🛠️📦🧪🔒🗝️', 58],
  math: ['∀x ∈ ℝ: ∫₀^∞ e^{−x²} dx = √π⁄2 ≤ ∑ₙ 1/n² ≈ 1.6449 → ∞ ⊂ ∅ ∩ ∪ ≠ ± × ÷', 60],
};
// ASCII is estimated at four characters a token, as before (English takes about 0.19 tokens a
// character). Code, digits and German, which is nearly all ASCII, take 0.28-0.52: still counted
// low, which a context-length refusal then corrects by moving on to the next candidate.
const DENSE_ASCII = new Set(['code', 'digits', 'german']);

describe('estimateTokens', () => {
  for (const [script, [text, tokens]] of Object.entries(SAMPLES)) {
    if (DENSE_ASCII.has(script)) continue;
    it(`does not undercount ${script} (${tokens} tokens), nor overcount it threefold`, () => {
      const estimate = estimateTokens(text);
      expect(estimate).toBeGreaterThanOrEqual(tokens);
      expect(estimate).toBeLessThan(3 * tokens);
    });
  }

  it('estimates 980 CJK characters at no less than the 735 tokens they take', () => {
    const text = '季度数据显示收入稳步增长，而同期成本略有下降。'.repeat(45).slice(0, 980);
    expect(estimateTokens(text)).toBeGreaterThanOrEqual(735);
  });

  it('keeps four characters a token for ASCII text', () => {
    expect(estimateTokens('a'.repeat(1000))).toBe(250);
  });

  it('tells ASCII from other text at any length and position, whatever came before', () => {
    // é is Latin-1: 8 quarters; a lone surrogate 6.
    expect(estimateTokens(`${'a'.repeat(5_000)}é`)).toBe((5_000 + 8) / 4);
    expect(estimateTokens(`é${'a'.repeat(3)}`)).toBe((8 + 3) / 4);
    expect(estimateTokens(`${'a'.repeat(70_000)}é`)).toBe((70_000 + 8) / 4);
    expect(estimateTokens('a'.repeat(70_000))).toBe(17_500);
    expect(estimateTokens(`ab\ud800`)).toBe((2 + 6) / 4);
    expect(estimateTokens('ab')).toBe(0.5);
    expect(estimateTokens('')).toBe(0);
  });
});
