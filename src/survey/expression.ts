/**
 * The small expression language of skip rules (`relevant`) and derived variables, in the
 * spirit of XLSForm: `q9 != 'never'`, `selected(q21, 'speed') and not (q2 == 'under_30')`.
 * Expressions are tokenized and parsed into a tree, then evaluated over answers; nothing is
 * ever handed to `eval`.
 *
 * Grammar:
 *   expr    := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | compare
 *   compare := primary (('==' | '!=' | '<' | '<=' | '>' | '>=') primary)?
 *   primary := STRING | NUMBER | 'true' | 'false' | IDENT | IDENT '(' expr (',' expr)* ')'
 *            | '(' expr ')'
 * Functions: selected(item, 'code'), answered(item), count(item).
 *
 * Limits: an expression is at most MAX_EXPRESSION_LENGTH characters and nests at most
 * MAX_EXPRESSION_DEPTH levels (parentheses, calls, `not`). The parser and the evaluator recurse,
 * so without them a definition could exhaust the stack at load or, worse, at every answer.
 */
import { err, ok, type Result } from '../shared/result.ts';

export type Expression =
  | { readonly type: 'literal'; readonly value: string | number | boolean }
  | { readonly type: 'ref'; readonly code: string }
  | { readonly type: 'not'; readonly operand: Expression }
  | { readonly type: 'logical'; readonly op: 'and' | 'or'; readonly left: Expression; readonly right: Expression }
  | { readonly type: 'compare'; readonly op: CompareOp; readonly left: Expression; readonly right: Expression }
  | { readonly type: 'call'; readonly name: FunctionName; readonly args: readonly Expression[] };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type FunctionName = 'selected' | 'answered' | 'count';

/** What an expression reads: answer values by item code (absent when not answered). */
export type ExpressionValue = string | number | boolean | readonly string[] | null;
export type ExpressionScope = (code: string) => ExpressionValue | undefined;

/** Far above any real skip rule (the study's longest is 20 characters, REDCap's rarely pass 500). */
export const MAX_EXPRESSION_LENGTH = 4000;
/** Nesting levels of parentheses, calls and `not`: real rules use 3 or 4. */
export const MAX_EXPRESSION_DEPTH = 40;

const FUNCTION_ARITY: Readonly<Record<FunctionName, number>> = { selected: 2, answered: 1, count: 1 };

type Token =
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'ident'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

function tokenize(source: string): Result<Token[], string> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'" || c === '"') {
      const close = source.indexOf(c, i + 1);
      if (close < 0) return err(`unterminated string starting at position ${i + 1}`);
      tokens.push({ kind: 'string', value: source.slice(i + 1, close), at: i });
      i = close + 1;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i));
      const text = match?.[0] ?? c;
      tokens.push({ kind: 'number', value: Number(text), at: i });
      i += text.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const text = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'ident', value: text, at: i });
      i += text.length;
    } else {
      const two = source.slice(i, i + 2);
      if (['==', '!=', '<=', '>='].includes(two)) {
        tokens.push({ kind: 'op', value: two, at: i });
        i += 2;
      } else if ('<>(),'.includes(c)) {
        tokens.push({ kind: 'op', value: c, at: i });
        i += 1;
      } else {
        return err(`unexpected character "${c}" at position ${i + 1}`);
      }
    }
  }
  tokens.push({ kind: 'end', at: source.length });
  return ok(tokens);
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Expression {
    const expression = this.or();
    const next = this.peek();
    if (next.kind !== 'end') throw new SyntaxProblem(`unexpected ${describe(next)} at position ${next.at + 1}`);
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', at: 0 };
  }

  private take(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'ident' && token.value === word;
  }

  private isOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.value === op;
  }

  private expectOp(op: string): void {
    const token = this.take();
    if (token.kind !== 'op' || token.value !== op) {
      throw new SyntaxProblem(`expected "${op}" but found ${describe(token)} at position ${token.at + 1}`);
    }
  }

  private or(): Expression {
    let left = this.and();
    while (this.isWord('or')) {
      this.take();
      left = { type: 'logical', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expression {
    let left = this.unary();
    while (this.isWord('and')) {
      this.take();
      left = { type: 'logical', op: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expression {
    if (this.isWord('not')) {
      const token = this.take();
      return { type: 'not', operand: this.nested(token.at, () => this.unary()) };
    }
    return this.compare();
  }

  /** Parses one nesting level, refusing past MAX_EXPRESSION_DEPTH instead of exhausting the stack. */
  private nested<T>(at: number, parse: () => T): T {
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      throw new SyntaxProblem(`nested more than ${MAX_EXPRESSION_DEPTH} levels deep at position ${at + 1}`);
    }
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private compare(): Expression {
    const left = this.primary();
    const token = this.peek();
    if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      this.take();
      return { type: 'compare', op: token.value as CompareOp, left, right: this.primary() };
    }
    return left;
  }

  private primary(): Expression {
    const token = this.take();
    switch (token.kind) {
      case 'string':
      case 'number':
        return { type: 'literal', value: token.value };
      case 'ident': {
        if (token.value === 'true' || token.value === 'false') return { type: 'literal', value: token.value === 'true' };
        if (['and', 'or', 'not'].includes(token.value)) {
          throw new SyntaxProblem(`"${token.value}" needs an operand at position ${token.at + 1}`);
        }
        if (!this.isOp('(')) return { type: 'ref', code: token.value };
        return this.nested(token.at, () => this.call(token.value, token.at));
      }
      case 'op':
        if (token.value === '(') {
          return this.nested(token.at, () => {
            const inner = this.or();
            this.expectOp(')');
            return inner;
          });
        }
        throw new SyntaxProblem(`unexpected "${token.value}" at position ${token.at + 1}`);
      case 'end':
        throw new SyntaxProblem('the expression ends too early');
    }
  }

  private call(name: string, at: number): Expression {
    if (!(name in FUNCTION_ARITY)) throw new SyntaxProblem(`unknown function "${name}" at position ${at + 1}`);
    this.expectOp('(');
    const args: Expression[] = [this.or()];
    while (this.isOp(',')) {
      this.take();
      args.push(this.or());
    }
    this.expectOp(')');
    const fn = name as FunctionName;
    if (args.length !== FUNCTION_ARITY[fn]) {
      throw new SyntaxProblem(`${fn}() takes ${FUNCTION_ARITY[fn]} argument(s), not ${args.length}`);
    }
    if (args[0]?.type !== 'ref') throw new SyntaxProblem(`the first argument of ${fn}() must be an item code`);
    if (fn === 'selected' && !(args[1]?.type === 'literal' && typeof args[1].value === 'string')) {
      throw new SyntaxProblem(`the second argument of selected() must be a quoted choice code`);
    }
    return { type: 'call', name: fn, args };
  }
}

class SyntaxProblem extends Error {}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end' : `"${String(token.value)}"`;
}

/** Parses an expression, or says in one sentence what is wrong with it. */
export function parseExpression(source: string): Result<Expression, string> {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return err(`the expression is ${source.length} characters long, more than the ${MAX_EXPRESSION_LENGTH} allowed`);
  }
  const tokens = tokenize(source);
  if (!tokens.ok) return tokens;
  try {
    return ok(new Parser(tokens.value).parse());
  } catch (error) {
    if (error instanceof SyntaxProblem) return err(error.message);
    throw error;
  }
}

/** Every item code an expression reads, for definition checks and missing-value rules. */
export function referencedCodes(expression: Expression): string[] {
  switch (expression.type) {
    case 'literal':
      return [];
    case 'ref':
      return [expression.code];
    case 'not':
      return referencedCodes(expression.operand);
    case 'logical':
    case 'compare':
      return [...referencedCodes(expression.left), ...referencedCodes(expression.right)];
    case 'call':
      return expression.args.flatMap(referencedCodes);
  }
}

/** The choice codes an expression compares an item with (`q9 == 'never'`, `selected(q21, 'x')`). */
export function comparedChoices(expression: Expression): { code: string; choice: string }[] {
  switch (expression.type) {
    case 'literal':
    case 'ref':
      return [];
    case 'not':
      return comparedChoices(expression.operand);
    case 'logical':
      return [...comparedChoices(expression.left), ...comparedChoices(expression.right)];
    case 'compare': {
      const { left, right } = expression;
      if (left.type === 'ref' && right.type === 'literal' && typeof right.value === 'string') {
        return [{ code: left.code, choice: right.value }];
      }
      if (right.type === 'ref' && left.type === 'literal' && typeof left.value === 'string') {
        return [{ code: right.code, choice: left.value }];
      }
      return [];
    }
    case 'call': {
      const [item, choice] = expression.args;
      if (expression.name === 'selected' && item?.type === 'ref' && choice?.type === 'literal') {
        return [{ code: item.code, choice: String(choice.value) }];
      }
      return [];
    }
  }
}

/**
 * Evaluates an expression. An unanswered item reads as null: `==` with null is false and `!=`
 * is true (as in XLSForm, where an empty answer differs from every choice), ordering
 * comparisons with null are false.
 */
export function evaluate(expression: Expression, scope: ExpressionScope): ExpressionValue {
  switch (expression.type) {
    case 'literal':
      return expression.value;
    case 'ref':
      return scope(expression.code) ?? null;
    case 'not':
      return !truthy(evaluate(expression.operand, scope));
    case 'logical': {
      const left = truthy(evaluate(expression.left, scope));
      if (expression.op === 'and') return left && truthy(evaluate(expression.right, scope));
      return left || truthy(evaluate(expression.right, scope));
    }
    case 'compare':
      return compare(expression.op, evaluate(expression.left, scope), evaluate(expression.right, scope));
    case 'call':
      return call(expression, scope);
  }
}

function call(expression: Extract<Expression, { type: 'call' }>, scope: ExpressionScope): ExpressionValue {
  const [itemArg, choiceArg] = expression.args;
  const value = itemArg?.type === 'ref' ? (scope(itemArg.code) ?? null) : null;
  switch (expression.name) {
    case 'answered':
      return value !== null && !(Array.isArray(value) && value.length === 0) && value !== '';
    case 'count':
      return Array.isArray(value) ? value.length : value === null ? 0 : 1;
    case 'selected': {
      const choice = choiceArg ? evaluate(choiceArg, scope) : null;
      if (Array.isArray(value)) return value.includes(String(choice));
      return value !== null && value === choice;
    }
  }
}

function compare(op: CompareOp, left: ExpressionValue, right: ExpressionValue): boolean {
  if (left === null || right === null) {
    if (op === '==') return left === right;
    if (op === '!=') return left !== right;
    return false;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    // A multiple-choice answer equals a code only when that code is the single selection.
    const l = Array.isArray(left) ? left.join(',') : String(left);
    const r = Array.isArray(right) ? right.join(',') : String(right);
    return op === '==' ? l === r : op === '!=' ? l !== r : false;
  }
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

export function truthy(value: ExpressionValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== false && value !== 0 && value !== '';
}
