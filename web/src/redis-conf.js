// Highlighting for redis.conf: comments only at the start of a line (Redis has no inline
// comments), the directive name, then arguments with sdssplitargs quoting, sizes and numbers.
import { StreamLanguage } from "@codemirror/language";

export const redisConf = StreamLanguage.define({
  name: "redis-conf",
  startState: () => ({ directive: true }),
  token(stream, state) {
    if (stream.sol()) state.directive = true;
    if (stream.eatSpace()) return null;
    if (state.directive && stream.peek() === "#") {
      stream.skipToEnd();
      return "comment";
    }
    if (state.directive) {
      stream.match(/^\S+/);
      state.directive = false;
      return "keyword";
    }
    const quote = stream.peek();
    if (quote === '"' || quote === "'") {
      stream.next();
      let escaped = false;
      for (let ch = stream.next(); ch !== undefined && ch !== null; ch = stream.next()) {
        if (ch === quote && !escaped) break;
        escaped = quote === '"' && ch === "\\" && !escaped;
      }
      return "string";
    }
    if (stream.match(/^-?\d+(\.\d+)?([kmg]b?)?(?=\s|$)/i)) return "number";
    if (stream.match(/^(yes|no|on|off)(?=\s|$)/i)) return "atom";
    stream.match(/^\S+/);
    return null;
  },
  languageData: { commentTokens: { line: "#" } },
});
