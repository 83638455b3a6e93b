//! How deeply a module nests, measured on its tokens before Ruff's parser
//! sees it.
//!
//! Ruff's parser recurses once per nesting level and has no limit of its
//! own: when the thread's stack runs out it maps more (`stacker`), so
//! 3 MB of unary minus signs took 3 GB and ended in a panic when the
//! mapping failed, losing every other file of that parser thread. The
//! lexer is linear and iterative, so the nesting is bounded here first.
//!
//! The measure is an upper bound of the syntax tree's depth at each point:
//! the indentation, plus, for each open bracket, the operators, keywords
//! and postfix brackets of the current element (a `,`, `;`, `=` or the end
//! of a statement starts a new element, whose tree is a sibling, not a
//! child). CPython 3.11 itself cannot compile 3,000 nested unary signs,
//! additions or calls, so a module over [`MAX_NESTING`] is not importable
//! either; real code stays far below.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{Mode, lexer};

/// Deeper than this, a module is not parsed.
pub(super) const MAX_NESTING: usize = 3000;

/// The line of the first statement nested deeper than [`MAX_NESTING`], if
/// any. Lines are counted from newline tokens, so a line continued with a
/// backslash or inside a triple-quoted string before it is not counted:
/// the line is the statement's or an earlier one.
pub(super) fn too_deep(source: &str) -> Option<u32> {
    let mut lexer = lexer::lex(source, Mode::Module);
    let mut line = 1u32;
    let mut statement_line = 1u32;
    let mut between_statements = true;
    let mut indent = 0usize;
    // Per open bracket, the depth its current element has reached so far.
    let mut levels: Vec<usize> = vec![0];
    // Sum of `levels` plus the number of open brackets.
    let mut depth = 0usize;
    loop {
        let kind = lexer.next_token();
        let is_layout = matches!(
            kind,
            TokenKind::Newline
                | TokenKind::NonLogicalNewline
                | TokenKind::Indent
                | TokenKind::Dedent
                | TokenKind::Comment
        );
        if between_statements && !is_layout {
            statement_line = line;
            between_statements = false;
        }
        match kind {
            TokenKind::EndOfFile => return None,
            TokenKind::Newline => {
                line += 1;
                between_statements = true;
                levels.clear();
                levels.push(0);
                depth = 0;
            }
            TokenKind::NonLogicalNewline => line += 1,
            TokenKind::Indent => indent += 1,
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Lpar
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::FStringStart
            | TokenKind::TStringStart => {
                bump(&mut levels, &mut depth);
                levels.push(0);
                depth += 1;
            }
            TokenKind::Rpar
            | TokenKind::Rsqb
            | TokenKind::Rbrace
            | TokenKind::FStringEnd
            | TokenKind::TStringEnd
                if levels.len() > 1 =>
            {
                depth -= levels.pop().unwrap_or_default() + 1;
            }
            TokenKind::Comma | TokenKind::Semi | TokenKind::Equal => {
                let level = levels.last_mut().expect("the outermost level is never popped");
                depth -= *level;
                *level = 0;
            }
            kind if nests(kind) => bump(&mut levels, &mut depth),
            _ => {}
        }
        if depth + indent > MAX_NESTING {
            return Some(statement_line);
        }
    }
}

fn bump(levels: &mut [usize], depth: &mut usize) {
    if let Some(level) = levels.last_mut() {
        *level += 1;
        *depth += 1;
    }
}

/// Tokens that can put what follows one level deeper in the tree.
fn nests(kind: TokenKind) -> bool {
    kind.is_operator()
        || matches!(
            kind,
            TokenKind::If
                | TokenKind::Else
                | TokenKind::Lambda
                | TokenKind::Await
                | TokenKind::Yield
                | TokenKind::For
                | TokenKind::From
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_chains_of_every_kind_are_caught() {
        let n = MAX_NESTING + 1;
        for source in [
            format!("x = {}1\n", "-".repeat(n)),
            format!("x = 1{}\n", " + 1".repeat(n)),
            format!("x = f{}\n", "()".repeat(n)),
            format!("x = a{}\n", ".b".repeat(n)),
            format!("x = {}1\n", "lambda: ".repeat(n)),
            format!("x = 1{}\n", " if 1 else 1".repeat(n)),
            format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n)),
            format!("y = 1\n\nx = [\n  {}1]\n", "not ".repeat(n)),
        ] {
            assert_eq!(too_deep(&source), source.starts_with('y').then_some(3).or(Some(1)), "{source:.40}");
        }
    }

    #[test]
    fn long_but_flat_code_is_not_deep() {
        let n = MAX_NESTING * 2;
        for source in [
            format!("x = [{}]\n", "1, ".repeat(n)),
            format!("{} = 1\n", vec!["a"; n].join(" = ")),
            format!(
                "x = {{{}}}\n",
                (0..n).map(|i| format!("'k{i}': f(a.b, -1)")).collect::<Vec<_>>().join(", ")
            ),
            "x = 1\n".repeat(n),
            format!("x = 1{}\n", " + 1".repeat(MAX_NESTING - 10)),
        ] {
            assert_eq!(too_deep(&source), None, "{source:.40}");
        }
    }
}
