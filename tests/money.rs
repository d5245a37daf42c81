//! Money is `rust_decimal::Decimal` end to end. This keeps floating point out of the app's code:
//! no `f32`/`f64` and no float literals anywhere in `src/` (comments and strings aside), so a
//! float cannot slip into an amount by inference either. The one exception is the router's
//! scroll-to-top, where web-sys takes pixel coordinates as f64. (`clippy::float_arithmetic` is also
//! denied in lib.rs for those who run clippy.)

use std::fs;
use std::path::Path;

/// The code of a Rust file with comments, strings (raw ones too) and char literals blanked out.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                out.push(' ');
            }
            // A char literal ('"', '\'', '\u{4e00}'); a lifetime ('a) is left alone.
            '\'' => {
                let ahead: String = chars.clone().take(12).collect();
                let literal = ahead.find('\'').filter(|&end| {
                    let inner = &ahead[..end];
                    inner.chars().count() == 1 || inner.starts_with('\\')
                });
                match literal {
                    Some(end) => {
                        for _ in 0..=ahead[..end].chars().count() {
                            chars.next();
                        }
                        out.push_str("' '");
                    }
                    None => out.push(c),
                }
            }
            // A raw string: r"…" or r#"…"#.
            'r' if matches!(chars.peek(), Some('"') | Some('#')) && !out.ends_with(|p: char| p.is_alphanumeric() || p == '_') => {
                let hashes = chars.clone().take_while(|&c| c == '#').count();
                if chars.clone().nth(hashes) != Some('"') {
                    out.push(c);
                    continue;
                }
                for _ in 0..=hashes {
                    chars.next();
                }
                let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                let mut body = String::new();
                for c in chars.by_ref() {
                    body.push(c);
                    if body.ends_with(&close) {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '"' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Float types and literals found in `code` (e.g. `f64`, `0.5`, `1e3` is not Rust money code).
fn floats_in(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words: Vec<&str> = code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).collect();
    for word in words {
        let is_float_type = word.split('.').any(|part| part == "f32" || part == "f64");
        let is_float_literal = {
            let mut parts = word.split('.');
            matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
                if !a.is_empty() && a.chars().all(|c| c.is_ascii_digit()) && !b.is_empty() && b.chars().next().is_some_and(|c| c.is_ascii_digit()))
        };
        if is_float_type || is_float_literal {
            found.push(word.to_string());
        }
    }
    found
}

fn rust_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn the_app_has_no_floating_point() {
    let mut files = Vec::new();
    rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut files);
    files.retain(|f| !f.ends_with("src/router.rs"));
    assert!(files.len() > 20, "found the sources");
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let code = code_only(&fs::read_to_string(file).unwrap());
            floats_in(&code).into_iter().map(move |f| format!("{}: {f}", file.display()))
        })
        .collect();
    assert!(offenders.is_empty(), "floating point in the app's code: {offenders:#?}");
}

#[test]
fn the_check_sees_floats() {
    let code = code_only("let a: f64 = 1.0; let b = 0.5; let c = x as f32; // 2.5 f64\nlet s = \"1.5 f64\"; let d = 3; let e = v.0; let t = (1, 2).1;");
    assert_eq!(floats_in(&code), ["f64", "1.0", "0.5", "f32"]);
    // Quotes inside char literals and raw strings do not hide what follows; lifetimes are code.
    let code = code_only("let q = '\"'; let x = 2.5; let r = r#\"a \" 1.5\"#; fn f<'a>(y: &'a f32) {}");
    assert_eq!(floats_in(&code), ["2.5", "f32"]);
}
