// What the schema says about a result's columns, for the playground's table: the Chinese label of each field
// (the Chinese words its description ends with, e.g. "Share of all the studios in the result (0–1). 占比" → 占比),
// the enum a field holds and its values' Chinese names (the exports' labels first, gateway/labels.ts, then the
// values' own descriptions), and which fields are shares (Float, 0–1) shown as percentages. Fields are found by
// walking the result's path from Query, so Region.code and PolicyRule.code keep their own labels.

const CJK = /[\u3400-\u9fff]/;

/** The Chinese label a description ends with, or null: its last sentence that starts with a Chinese character. */
export function chineseLabel(description) {
  if (!description) return null;
  const sentences = description
    .trim()
    .split(/(?<=[.。])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = sentences.length - 1; i >= 0; i--) {
    const s = sentences[i];
    if (CJK.test(s[0]))
      return s
        .replace(/\s*\([A-Z_]+\)\s*$/, '')
        .replace(/[。.]$/, '')
        .trim();
  }
  return null;
}

const named = (type) => (type.ofType ? named(type.ofType) : type);

/**
 * Reads an introspection result (`data.__schema`) for the panel; `enumLabels` (enum → value → name) win over the
 * values' descriptions. `query` is the text that ran: a field's enum arguments join its label, so
 * `evaluations(filter: { kind: SECOND_EVALUATION, status: PENDING })` reads 评估（二次评估 · 待评估）.
 */
export function describeSchema(schema, enumLabels = {}) {
  const types = new Map();
  const enums = new Map();
  const byName = new Map();
  for (const type of schema?.types ?? []) {
    if (type.name.startsWith('__')) continue;
    if (type.kind === 'ENUM') {
      const values = new Map();
      for (const v of type.enumValues ?? [])
        values.set(v.name, enumLabels[type.name]?.[v.name] ?? chineseLabel(v.description) ?? v.name);
      enums.set(type.name, values);
    }
    const fields = new Map();
    for (const field of type.inputFields ?? []) fields.set(field.name, { type: named(field.type).name, args: new Map() });
    for (const field of type.fields ?? []) {
      const t = named(field.type);
      const label = chineseLabel(field.description);
      fields.set(field.name, {
        label,
        type: t.name,
        typeLabel: chineseLabel(schema.types.find((x) => x.name === t.name)?.description),
        percent: t.name === 'Float' && /0–1|0-1|占比|率/.test(field.description ?? ''),
        args: new Map((field.args ?? []).map((a) => [a.name, named(a.type).name])),
      });
      if (label && !byName.has(field.name)) byName.set(field.name, label);
    }
    types.set(type.name, fields);
  }
  const rootType = schema?.queryType?.name ?? 'Query';
  /** The fields met along `path` (segments of the result, list indexes left out), from Query. */
  const walk = (segments) => {
    let type = rootType;
    return segments.map((segment) => {
      const field = types.get(type)?.get(segment) ?? null;
      type = field?.type;
      return field;
    });
  };
  const enumName = (value) => [...enums.values()].find((e) => e.has(value))?.get(value) ?? value;
  /** The enum values among a field's arguments in the query, by their Chinese names (each argument's own enum). */
  const argumentsOf = (query, segment, field) => {
    const found = query ? new RegExp(`\\b${segment}\\s*\\(([^)]*)\\)`).exec(query) : null;
    if (!found) return '';
    const words = [];
    for (const [, key, value] of found[1].matchAll(/(\w+)\s*:\s*([A-Z][A-Z_]+)\b/g)) {
      const inputs = [...(field?.args.values() ?? [])].map((t) => types.get(t)?.get(key)?.type);
      const own = [field?.args.get(key), ...inputs].find((t) => enums.has(t));
      words.push(own ? (enums.get(own).get(value) ?? value) : enumName(value));
    }
    return words.length ? `（${words.join(' · ')}）` : '';
  };
  const split = (list, column) => [...(list === '(根)' ? [] : list.split('.')), ...column.split('.')];
  return {
    /** The column's Chinese label: each field's own, else its type's, else any field's of that name, else its name. */
    label(list, column, query) {
      const own = column.split('.').length;
      const fields = walk(split(list, column)).slice(-own);
      return column
        .split('.')
        .map((segment, i) => {
          const f = fields[i];
          const words = f?.label ?? f?.typeLabel ?? byName.get(segment) ?? (f ? segment : enumName(segment));
          return `${words}${argumentsOf(query, segment, f)}`;
        })
        .join(' · ');
    },
    /** The Chinese names of the column's enum values, when it holds an enum. */
    enumFor(list, column) {
      const field = walk(split(list, column)).at(-1);
      return field && enums.get(field.type);
    },
    isPercent: (list, column) => walk(split(list, column)).at(-1)?.percent ?? false,
  };
}

/** Nothing known: labels are the fields' names, values as they come. */
export const NO_SCHEMA = describeSchema(null);
