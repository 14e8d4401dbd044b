/**
 * Translates a form's conditions into our expression language (src/survey/expression.ts),
 * which the engine evaluates without `eval`: REDCap branching logic (`[q] = '1'`,
 * `[chk(2)] = '1'`, `[q] <> ''`, `and`, `or`, parentheses, numeric comparisons) and XLSForm
 * `relevant`/`calculation` (`${q} = 'x'`, `selected(${q}, 'x')`, `count-selected(${q})`,
 * `not()`). What cannot be translated is refused by name, never approximated: a skip rule read
 * wrongly would ask the wrong people the wrong questions.
 */
import type { Localized } from '../../shared/language.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { MAX_EXPRESSION_LENGTH } from '../expression.ts';
import { say } from './problems.ts';

export type Dialect = 'redcap' | 'xlsform';

/** What a condition may read of a field: how its answers are stored decides the translation. */
export interface LogicField {
  readonly code: string;
  readonly kind: 'choice' | 'checkbox' | 'number' | 'text' | 'date';
  readonly choices?: readonly string[];
}

/** Finds a field by the name the form uses; undefined when the form has no such question. */
export type FieldLookup = (name: string) => LogicField | undefined | { readonly refused: Localized };

type Token =
  | { kind: 'ref'; name: string; code?: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'word'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'end' };

type Operand =
  | { t: 'ref'; name: string; code?: string }
  | { t: 'string'; value: string }
  | { t: 'number'; value: number; text: string }
  | { t: 'count'; name: string }
  | { t: 'bool'; value: boolean };

type Node =
  | { t: 'logical'; op: 'and' | 'or'; left: Node; right: Node }
  | { t: 'not'; operand: Node }
  | { t: 'compare'; op: string; left: Operand; right: Operand }
  | { t: 'selected'; name: string; code: string }
  | { t: 'value'; operand: Operand };

class Refusal extends Error {
  constructor(readonly reason: Localized) {
    super(reason.en);
  }
}

const refuse = (fr: string, en: string): never => {
  throw new Refusal(say(fr, en));
};

/** Deep enough for any real form; the engine's own bound is checked again at load. */
const MAX_DEPTH = 30;

function tokenize(source: string, dialect: Dialect): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const rest = source.slice(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (dialect === 'redcap' && c === '[') {
      const match = /^\[([^\]]*)\](\[([^\]]*)\])?/.exec(rest);
      if (!match) refuse('crochet « [ » non fermé', 'unclosed "["');
      const [whole, first = '', second, inner] = match as RegExpExecArray;
      if (second !== undefined) {
        refuse(
          `« ${whole} » désigne un événement d’un projet longitudinal, non pris en charge`,
          `"${whole}" names an event of a longitudinal project, which is not supported`,
        );
      }
      void inner;
      const field = /^([a-z][a-z0-9_]*)(?:\(([^)]+)\))?$/i.exec(first.trim());
      if (!field) {
        refuse(
          `« ${whole} » n’est pas une variable (les smart variables et l’instance ne sont pas prises en charge)`,
          `"${whole}" is not a field (smart variables and instances are not supported)`,
        );
      }
      const [, name = '', code] = field as RegExpExecArray;
      tokens.push(code === undefined ? { kind: 'ref', name: name.toLowerCase() } : { kind: 'ref', name: name.toLowerCase(), code });
      i += whole.length;
      continue;
    }
    if (dialect === 'xlsform' && c === '$') {
      const match = /^\$\{([^}]*)\}/.exec(rest);
      if (!match) refuse('« ${ » non fermé', 'unclosed "${"');
      tokens.push({ kind: 'ref', name: (match as RegExpExecArray)[1]?.trim() ?? '' });
      i += (match as RegExpExecArray)[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = source.indexOf(c, i + 1);
      if (close < 0) refuse(`texte entre guillemets non fermé (position ${i + 1})`, `unterminated quoted text (position ${i + 1})`);
      tokens.push({ kind: 'string', value: source.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(rest) ?? (c === '-' && /^-\d/.test(rest) && lastIsOperator(tokens) ? /^-\d+(\.\d+)?/.exec(rest) : null);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0] });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', value: word[0] });
      i += word[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['<>', '!=', '<=', '>=', '=='].includes(two)) {
      tokens.push({ kind: 'op', value: two === '<>' ? '!=' : two === '==' ? '=' : two });
      i += 2;
      continue;
    }
    if ('=<>(),'.includes(c)) {
      tokens.push({ kind: 'op', value: c });
      i += 1;
      continue;
    }
    if ('+-*/'.includes(c)) refuse(`le calcul (« ${c} ») n’est pas pris en charge dans une condition`, `arithmetic ("${c}") is not supported in a condition`);
    if (c === '.') refuse('« . » (la réponse en cours) n’a de sens que dans une contrainte', '"." (the current answer) only makes sense in a constraint');
    refuse(`caractère inattendu « ${c} » (position ${i + 1})`, `unexpected character "${c}" (position ${i + 1})`);
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

function lastIsOperator(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last === undefined || last.kind === 'op' || (last.kind === 'word' && ['and', 'or'].includes(last.value.toLowerCase()));
}

const COMPARE = new Set(['=', '!=', '<', '<=', '>', '>=']);

class Parser {
  private index = 0;
  private depth = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly dialect: Dialect,
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.peek().kind !== 'end') refuse(`${this.describe(this.peek())} inattendu`, `unexpected ${this.describe(this.peek())}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end' };
  }

  private take(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private describe(token: Token): string {
    switch (token.kind) {
      case 'end':
        return 'end';
      case 'ref':
        return `"${token.name}"`;
      case 'number':
        return `"${token.text}"`;
      default:
        return `"${token.value}"`;
    }
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.value.toLowerCase() === word;
  }

  private isOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.value === op;
  }

  private expect(op: string): void {
    const token = this.take();
    if (token.kind !== 'op' || token.value !== op) refuse(`« ${op} » attendu`, `"${op}" expected`);
  }

  private nested<T>(parse: () => T): T {
    if (this.depth >= MAX_DEPTH) refuse(`condition imbriquée sur plus de ${MAX_DEPTH} niveaux`, `condition nested more than ${MAX_DEPTH} levels deep`);
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord('or')) {
      this.take();
      left = { t: 'logical', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.isWord('and')) {
      this.take();
      left = { t: 'logical', op: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.isWord('not')) {
      this.take();
      if (this.dialect === 'xlsform' && !this.isOp('(')) refuse('not s’écrit not(…)', 'not is written not(…)');
      return { t: 'not', operand: this.nested(() => this.unary()) };
    }
    return this.compare();
  }

  private compare(): Node {
    if (this.isOp('(')) {
      this.take();
      const inner = this.nested(() => this.or());
      this.expect(')');
      if (!COMPARE.has(this.peekOp())) return inner;
      refuse('une comparaison porte sur une variable ou une valeur, pas sur une condition entre parenthèses', 'a comparison applies to a field or a value, not to a condition in parentheses');
    }
    const left = this.operand();
    if (left.t === 'selected-node') return left.node;
    const op = this.peekOp();
    if (COMPARE.has(op)) {
      this.take();
      const right = this.operand();
      if (right.t === 'selected-node') return refuse('selected() ne se compare pas', 'selected() cannot be compared');
      return { t: 'compare', op, left, right };
    }
    return { t: 'value', operand: left };
  }

  private peekOp(): string {
    const token = this.peek();
    return token.kind === 'op' ? token.value : '';
  }

  private operand(): Operand | { t: 'selected-node'; node: Node } {
    const token = this.take();
    switch (token.kind) {
      case 'ref':
        return token.code === undefined ? { t: 'ref', name: token.name } : { t: 'ref', name: token.name, code: token.code };
      case 'string':
        return { t: 'string', value: token.value };
      case 'number':
        return { t: 'number', value: token.value, text: token.text };
      case 'word':
        return this.word(token.value);
      case 'op':
        return refuse(`« ${token.value} » inattendu`, `unexpected "${token.value}"`);
      case 'end':
        return refuse('la condition s’arrête trop tôt', 'the condition ends too early');
    }
  }

  private word(word: string): Operand | { t: 'selected-node'; node: Node } {
    const lower = word.toLowerCase();
    if (!this.isOp('(')) {
      if (lower === 'true' || lower === 'false') return { t: 'bool', value: lower === 'true' };
      if (this.dialect === 'redcap' && /^[a-z][a-z0-9_]*$/.test(word)) {
        return refuse(`« ${word} » : une variable s’écrit entre crochets, [${word}]`, `"${word}": a field is written in brackets, [${word}]`);
      }
      return refuse(`« ${word} » inattendu`, `unexpected "${word}"`);
    }
    this.take();
    if (lower === 'if') return { t: 'selected-node', node: this.nested(() => this.ifCall()) };
    const args = this.nested(() => this.args());
    if (this.dialect === 'xlsform' && (lower === 'true' || lower === 'false') && args.length === 0) return { t: 'bool', value: lower === 'true' };
    if (this.dialect === 'xlsform' && lower === 'selected') {
      const [field, code] = args;
      if (args.length !== 2 || field?.t !== 'ref' || (code?.t !== 'string' && code?.t !== 'number')) {
        return refuse('selected() prend ${question} et un code entre guillemets', "selected() takes ${question} and a quoted code");
      }
      return { t: 'selected-node', node: { t: 'selected', name: field.name, code: code.t === 'string' ? code.value : code.text } };
    }
    if (this.dialect === 'xlsform' && lower === 'count-selected') {
      const [field] = args;
      if (args.length !== 1 || field?.t !== 'ref') return refuse('count-selected() prend ${question}', 'count-selected() takes ${question}');
      return { t: 'count', name: field.name };
    }
    return refuse(`la fonction ${word}() n’est pas prise en charge`, `the function ${word}() is not supported`);
  }

  /**
   * `if(condition, 1, 0)` is how REDCap and XLSForm write a yes/no calculation: it reads as the
   * condition (or its negation for `if(condition, 0, 1)`); other results are out of reach.
   */
  private ifCall(): Node {
    const condition = this.or();
    this.expect(',');
    const yes = this.take();
    this.expect(',');
    const no = this.take();
    this.expect(')');
    const value = (token: Token) => (token.kind === 'number' ? token.text : token.kind === 'string' ? token.value : '');
    if (value(yes) === '1' && value(no) === '0') return condition;
    if (value(yes) === '0' && value(no) === '1') return { t: 'not', operand: condition };
    return refuse('seul if(condition, 1, 0) est pris en charge dans un calcul', 'only if(condition, 1, 0) is supported in a calculation');
  }

  private args(): Operand[] {
    const args: Operand[] = [];
    if (this.isOp(')')) {
      this.take();
      return args;
    }
    for (;;) {
      const arg = this.operand();
      if (arg.t === 'selected-node') refuse('selected() ne peut pas être un argument', 'selected() cannot be an argument');
      args.push(arg as Operand);
      if (this.isOp(',')) {
        this.take();
        continue;
      }
      this.expect(')');
      return args;
    }
  }
}

class Emitter {
  constructor(private readonly lookup: FieldLookup) {}

  emit(node: Node): string {
    switch (node.t) {
      case 'logical':
        return `(${this.emit(node.left)} ${node.op} ${this.emit(node.right)})`;
      case 'not':
        return `not (${this.emit(node.operand)})`;
      case 'selected': {
        const field = this.field(node.name);
        if (field.kind !== 'checkbox' && field.kind !== 'choice') {
          refuse(`selected() porte sur « ${node.name} », qui n’est pas une question à choix`, `selected() reads "${node.name}", which is not a choice question`);
        }
        this.checkCode(field, node.code);
        return `selected(${field.code}, ${quote(node.code)})`;
      }
      case 'value':
        return this.value(node.operand);
      case 'compare':
        return this.compare(node.op, node.left, node.right);
    }
  }

  private value(operand: Operand): string {
    if (operand.t === 'bool') return String(operand.value);
    return refuse(
      'une condition doit comparer (par exemple = ou <>), pas seulement nommer une valeur',
      'a condition must compare (e.g. = or <>), not only name a value',
    );
  }

  private compare(op: string, left: Operand, right: Operand): string {
    if (left.t !== 'ref' && left.t !== 'count' && (right.t === 'ref' || right.t === 'count')) {
      return this.compare(FLIP[op] ?? op, right, left);
    }
    const ours = op === '=' ? '==' : op;
    if (left.t === 'count') {
      const field = this.field(left.name);
      if (right.t !== 'number') refuse('count-selected() se compare à un nombre', 'count-selected() is compared with a number');
      return `count(${field.code}) ${ours} ${(right as { text: string }).text}`;
    }
    if (left.t !== 'ref') return refuse('une comparaison doit porter sur une question', 'a comparison must read a question');
    const field = this.field(left.name);
    if (right.t === 'ref') {
      const other = this.field(right.name);
      return `${field.code} ${ours} ${other.code}`;
    }
    if (right.t === 'count' || right.t === 'bool') return refuse('comparaison non prise en charge', 'unsupported comparison');
    const literal = right.t === 'string' ? right.value : right.text;
    if (left.code !== undefined) return this.checkbox(field, left.code, op, literal);
    if (literal === '' && (op === '=' || op === '!=')) {
      return op === '=' ? `not (answered(${field.code}))` : `answered(${field.code})`;
    }
    switch (field.kind) {
      case 'checkbox':
        return refuse(
          `« ${left.name} » a plusieurs réponses : écrivez [${left.name}(code)] = '1'`,
          `"${left.name}" has several answers: write [${left.name}(code)] = '1'`,
        );
      case 'choice':
        if (op === '=' || op === '!=') {
          this.checkCode(field, literal);
          return `${field.code} ${ours} ${quote(literal)}`;
        }
        return `${field.code} ${ours} ${numberOf(literal)}`;
      case 'number':
        return `${field.code} ${ours} ${numberOf(literal)}`;
      case 'date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(literal)) refuse(`« ${literal} » n’est pas une date AAAA-MM-JJ`, `"${literal}" is not a YYYY-MM-DD date`);
        return `${field.code} ${ours} ${quote(literal)}`;
      case 'text':
        if (op !== '=' && op !== '!=') refuse(`« ${left.name} » est un texte libre : seuls = et <> s’appliquent`, `"${left.name}" is free text: only = and <> apply`);
        return `${field.code} ${ours} ${quote(literal)}`;
    }
  }

  private checkbox(field: LogicField, code: string, op: string, literal: string): string {
    if (field.kind !== 'checkbox') {
      return refuse(`« ${field.code}(${code}) » : seule une case à cocher prend un code entre parenthèses`, `"${field.code}(${code})": only a checkbox takes a code in parentheses`);
    }
    this.checkCode(field, code);
    const checked = op === '=' ? literal : op === '!=' ? (literal === '1' ? '0' : literal === '0' ? '1' : '') : '';
    if (checked !== '1' && checked !== '0') {
      refuse(`une case à cocher se compare à '1' ou '0' avec = ou <>`, `a checkbox is compared with '1' or '0' using = or <>`);
    }
    const selected = `selected(${field.code}, ${quote(code)})`;
    return checked === '1' ? selected : `not (${selected})`;
  }

  private field(name: string): LogicField {
    const found = this.lookup(name);
    if (found === undefined) return refuse(`« ${name} » n’est pas une question du formulaire`, `"${name}" is not a question of the form`);
    if ('refused' in found) throw new Refusal(found.refused);
    return found;
  }

  private checkCode(field: LogicField, code: string): void {
    if (field.choices && !field.choices.includes(code)) {
      refuse(`« ${code} » n’est pas un code de ${field.code}`, `"${code}" is not a code of ${field.code}`);
    }
  }
}

const FLIP: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '!=': '!=' };

function numberOf(text: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) refuse(`« ${text} » n’est pas un nombre`, `"${text}" is not a number`);
  return String(Number(text));
}

function quote(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return refuse('un texte contient à la fois \' et "', 'a text holds both \' and "');
}

/**
 * Our expression for a form's condition, or why it cannot be translated. `lookup` resolves the
 * form's field names (and says how their answers are stored).
 */
export function translateCondition(source: string, dialect: Dialect, lookup: FieldLookup): Result<string, Localized> {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return err(say(`condition trop longue (${source.length} caractères, au plus ${MAX_EXPRESSION_LENGTH})`, `condition too long (${source.length} characters, at most ${MAX_EXPRESSION_LENGTH})`));
  }
  try {
    const tree = new Parser(tokenize(source, dialect), dialect).parse();
    const text = new Emitter(lookup).emit(tree);
    return ok(text.startsWith('(') && text.endsWith(')') && balanced(text.slice(1, -1)) ? text.slice(1, -1) : text);
  } catch (error) {
    if (error instanceof Refusal) return err(error.reason);
    throw error;
  }
}

function balanced(text: string): boolean {
  let depth = 0;
  let quoteChar: string | null = null;
  for (const c of text) {
    if (quoteChar) {
      if (c === quoteChar) quoteChar = null;
    } else if (c === "'" || c === '"') quoteChar = c;
    else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}

/**
 * Reads an XLSForm numeric constraint made of bounds on "." (`. >= 0 and . <= 120`) as a
 * minimum and a maximum; anything else is not a simple bound and is refused.
 */
export function constraintBounds(source: string, integer: boolean): Result<{ min?: number; max?: number }, Localized> {
  const bounds: { min?: number; max?: number } = {};
  for (const part of source.split(/\s+and\s+/i)) {
    const match = /^\s*(\.|-?\d+(?:\.\d+)?)\s*(<=|>=|<|>)\s*(\.|-?\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match || (match[1] === '.') === (match[3] === '.')) {
      return err(say(`contrainte « ${source} » : seules des bornes sur « . » sont prises en charge (. >= 0 and . <= 120)`, `constraint "${source}": only bounds on "." are supported (. >= 0 and . <= 120)`));
    }
    const dotLeft = match[1] === '.';
    const value = Number(dotLeft ? match[3] : match[1]);
    const op = dotLeft ? (match[2] as string) : (FLIP[match[2] as string] as string);
    const strict = op === '<' || op === '>';
    if (strict && !integer) {
      return err(say(`contrainte « ${source} » : une borne stricte sur un décimal n’est pas prise en charge, utilisez <= ou >=`, `constraint "${source}": a strict bound on a decimal is not supported, use <= or >=`));
    }
    if (op.startsWith('>')) bounds.min = strict ? value + 1 : value;
    else bounds.max = strict ? value - 1 : value;
  }
  return ok(bounds);
}
