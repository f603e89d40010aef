// Two lexing differences from Jinja (as Ansible 2.14 runs it), fixed by wrapping one nunjucks tokenizer per
// parse (nothing global):
// - Jinja reads `{{ x | combine({'a': {'b': 1}}) }}` because it counts braces; nunjucks ends the expression at
//   the first `}}`, inside the dict. While a `{` opened in code is unclosed, a `}` here is a closing brace.
// - nunjucks drops the backslash of unknown escapes in string literals ('\1' becomes '1', '\d' becomes 'd'),
//   which breaks every regex_replace('...', '\1'). Ansible keeps the literal's text as written; only an escaped
//   quote loses its backslash.
// - Jinja's trim_blocks also removes the newline after a `{# comment #}`; nunjucks only does it after tags.
// - Jinja reads `item.0` and `item.0.1` as item[0] and item[0][1]; nunjucks lexes `0.1` as a number and wants
//   a name after the dot. A number right after a dot becomes name tokens ('0', '.', '1').
export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

export interface Tokenizer {
  str: string;
  index: number;
  lineno: number;
  colno: number;
  in_code: boolean;
  nextToken(): Token | null;
  forward(): void;
}

export interface Lexer {
  lex(source: string, options: object): Tokenizer;
  TOKEN_LEFT_CURLY: string;
  TOKEN_RIGHT_CURLY: string;
  TOKEN_VARIABLE_END: string;
  TOKEN_BLOCK_END: string;
  TOKEN_STRING: string;
  TOKEN_COMMENT: string;
  TOKEN_SYMBOL: string;
  TOKEN_OPERATOR: string;
  TOKEN_INT: string;
  TOKEN_FLOAT: string;
  TOKEN_WHITESPACE: string;
}

function literalText(raw: string): string {
  const quote = raw[0] ?? '';
  return raw.slice(1, -1).split('\\' + quote).join(quote);
}

function skipNewline(tokens: Tokenizer): void {
  if (tokens.str.startsWith('\r\n', tokens.index)) tokens.forward();
  if (tokens.str.charAt(tokens.index) === '\n') tokens.forward();
}

export function jinjaTokenizer(lexer: Lexer, source: string, options: { trimBlocks: boolean }): Tokenizer {
  const tokens = lexer.lex(source, options);
  const plainNextToken = tokens.nextToken.bind(tokens);
  const pending: Token[] = [];
  let openBraces = 0;
  let afterDot = false;
  const lexNext = (): Token | null => {
    if (tokens.in_code && openBraces > 0 && tokens.str.charAt(tokens.index) === '}') {
      const closing: Token = { type: lexer.TOKEN_RIGHT_CURLY, value: '}', lineno: tokens.lineno, colno: tokens.colno };
      tokens.forward();
      openBraces--;
      return closing;
    }
    const start = tokens.index;
    const token = plainNextToken();
    if (token?.type === lexer.TOKEN_STRING) token.value = literalText(tokens.str.slice(start, tokens.index));
    else if (token?.type === lexer.TOKEN_COMMENT && options.trimBlocks) skipNewline(tokens);
    else if (token?.type === lexer.TOKEN_LEFT_CURLY) openBraces++;
    else if (token?.type === lexer.TOKEN_RIGHT_CURLY) openBraces = Math.max(0, openBraces - 1);
    else if (token?.type === lexer.TOKEN_VARIABLE_END || token?.type === lexer.TOKEN_BLOCK_END) openBraces = 0;
    return token;
  };
  tokens.nextToken = () => {
    const token = pending.shift() ?? lexNext();
    if (token && afterDot && (token.type === lexer.TOKEN_INT || token.type === lexer.TOKEN_FLOAT)) {
      const [first = '', rest] = token.value.split('.');
      if (rest !== undefined) {
        pending.push({ ...token, type: lexer.TOKEN_OPERATOR, value: '.' });
        if (rest !== '') pending.push({ ...token, type: lexer.TOKEN_SYMBOL, value: rest });
      }
      token.type = lexer.TOKEN_SYMBOL;
      token.value = first;
    }
    if (token && token.type !== lexer.TOKEN_WHITESPACE) afterDot = token.type === lexer.TOKEN_OPERATOR && token.value === '.';
    return token;
  };
  return tokens;
}
