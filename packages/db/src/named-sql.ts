/** A statement whose parameters are named fields of a record instead of positions. */
export interface NamedStatement<P> {
  readonly text: string;
  /** The record's values in the order of the statement's $1, $2, ... */
  values(parameters: P): unknown[];
}

/**
 * `namedSql<P>()` is a template tag: each `${'field'}` in the SQL becomes a numbered parameter
 * ($1, $2, ...; a field named twice is one parameter), and the compiler checks every name against P.
 */
export function namedSql<P extends object>() {
  return (strings: TemplateStringsArray, ...names: (keyof P & string)[]): NamedStatement<P> => {
    const order: (keyof P & string)[] = [];
    let text = strings[0] ?? '';
    names.forEach((name, i) => {
      const index = order.includes(name) ? order.indexOf(name) : order.push(name) - 1;
      text += `$${index + 1}${strings[i + 1] ?? ''}`;
    });
    return { text, values: (parameters) => order.map((name) => parameters[name]) };
  };
}
