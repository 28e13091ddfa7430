type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * @internal Makes `z.toJSONSchema` output the same on zod 3.25 (`zod/v4`) and zod 4 (decision
 * 094). zod 4.x compacts and folds its output in a last pass that 3.25 lacks: a union of bare
 * types becomes a type list (`anyOf: [{ type: 'string' }, { type: 'null' }]` is
 * `type: ['string', 'null']`), a closed tuple says `items: false` with its length, and an
 * intersection of plain objects becomes one object. Running the same rules here over either
 * output gives one shape; on zod 4 output they change nothing. Mutates and returns `json`.
 */
export function normalizeZodJsonSchema(json: unknown): unknown {
  visit(json);
  return json;
}

const CHILD_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const CHILD_MAPS = ['properties', '$defs', 'patternProperties'] as const;
const CHILD_NODES = ['items', 'additionalProperties', 'propertyNames', 'not'] as const;

function visit(node: unknown): void {
  if (!isNode(node)) return;
  for (const key of CHILD_LISTS) {
    const list = node[key];
    if (Array.isArray(list)) for (const child of list) visit(child);
  }
  for (const key of CHILD_MAPS) {
    const map = node[key];
    if (isNode(map)) for (const child of Object.values(map)) visit(child);
  }
  for (const key of CHILD_NODES) visit(node[key]);
  closeTuple(node);
  foldIntersection(node);
  compactTypeUnion(node);
}

/**
 * zod 3.25 writes a tuple without a rest element as bare `prefixItems`; zod 4 closes it. zod 4
 * counts trailing optional elements out of `minItems`, which 3.25's output does not show, so
 * here `minItems` is the full length: a tuple is never strict, and the bound only reaches the
 * model as a note in the description.
 */
function closeTuple(node: Node): void {
  if (!Array.isArray(node.prefixItems) || node.items !== undefined) return;
  node.items = false;
  if (node.minItems === undefined && node.prefixItems.length > 0)
    node.minItems = node.prefixItems.length;
  if (node.maxItems === undefined) node.maxItems = node.prefixItems.length;
}

/** zod 4's `compactTypeUnion`: `anyOf` of bare type assertions becomes one `type` (list). */
function compactTypeUnion(node: Node): void {
  const options = node.anyOf;
  if (!Array.isArray(options) || options.length === 0 || node.type !== undefined) return;
  const types: string[] = [];
  for (const option of options) {
    if (!isNode(option)) return;
    compactTypeUnion(option);
    const keys = Object.keys(option);
    if (keys.length !== 1 || keys[0] !== 'type') return;
    for (const member of Array.isArray(option.type) ? option.type : [option.type]) {
      if (typeof member !== 'string') return;
      if (!types.includes(member)) types.push(member);
    }
  }
  delete node.anyOf;
  node.type = types.length === 1 ? types[0] : types;
}

const FOLDABLE_KEYS = new Set(['type', 'properties', 'required', 'additionalProperties']);
const UNION_KEYS = ['oneOf', 'anyOf'] as const;

/** zod 4's intersection fold: `allOf` of plain objects (or one union of them) becomes one object. */
function foldIntersection(node: Node): void {
  const allOf = node.allOf;
  if (!Array.isArray(allOf) || allOf.length < 2) return;
  for (const key of FOLDABLE_KEYS) if (key in node) return;
  const members = allOf.filter(isNode);
  if (members.length !== allOf.length) return;
  const union = members.find((m) => UNION_KEYS.some((k) => Array.isArray(m[k])));
  let folded: Node | null;
  if (union === undefined) {
    folded = foldObjects(members);
  } else {
    const keyword = UNION_KEYS.find((k) => Array.isArray(union[k]));
    if (keyword === undefined || Object.keys(union).length !== 1) return;
    const rest = members.filter((m) => m !== union);
    const branches = (union[keyword] as unknown[]).map((branch) =>
      isNode(branch) ? foldObjects([...rest, branch]) : null,
    );
    if (branches.some((b) => b === null)) return;
    folded = { [keyword]: branches };
  }
  if (folded === null) return;
  delete node.allOf;
  Object.assign(node, folded);
}

function undeclaredConstraint(member: Node): Node | null {
  const extra = member.additionalProperties;
  return isNode(extra) && Object.keys(extra).length > 0 ? extra : null;
}

function foldObjects(members: readonly unknown[]): Node | null {
  const objects: Node[] = [];
  for (const member of members) {
    if (!isNode(member) || member.type !== 'object') return null;
    for (const key of Object.keys(member)) if (!FOLDABLE_KEYS.has(key)) return null;
    objects.push(member);
  }
  const properties: Node = {};
  const required = new Set<string>();
  for (const object of objects) {
    const props = isNode(object.properties) ? object.properties : {};
    for (const key of Object.keys(props)) {
      if (Object.hasOwn(properties, key)) continue;
      const parts: unknown[] = [];
      for (const other of objects) {
        const part =
          (isNode(other.properties) ? other.properties[key] : undefined) ??
          undeclaredConstraint(other);
        if (part === null || part === undefined) continue;
        if (!parts.some((seen) => JSON.stringify(seen) === JSON.stringify(part))) parts.push(part);
      }
      const merged = parts.length === 1 ? parts[0] : (foldObjects(parts) ?? { allOf: parts });
      Object.defineProperty(properties, key, {
        value: merged,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (Array.isArray(object.required))
      for (const key of object.required) if (typeof key === 'string') required.add(key);
  }
  const folded: Node = { type: 'object', properties };
  if (required.size > 0) folded.required = [...required];
  if (objects.every((object) => object.additionalProperties === false)) {
    folded.additionalProperties = false;
  } else {
    const constraints: Node[] = [];
    for (const object of objects) {
      const constraint = undeclaredConstraint(object);
      if (
        constraint &&
        !constraints.some((seen) => JSON.stringify(seen) === JSON.stringify(constraint))
      )
        constraints.push(constraint);
    }
    if (constraints.length === 1) folded.additionalProperties = constraints[0];
    else if (constraints.length > 1) folded.additionalProperties = { allOf: constraints };
  }
  return folded;
}
