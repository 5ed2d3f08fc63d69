//! A deterministic synthetic corpus for tests and benchmarks, never shipped:
//! issues recombined from the real issue's sentences, so the text has the
//! same mix of Chinese, English, terms and punctuation as the real thing.

use weekly_core::model::{plain_text, Issue, Settings};

/// SplitMix64: tiny, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The sentences of an issue's items, split after `。`, `!` and `?`.
pub fn sentences(issue: &Issue) -> Vec<String> {
    let mut out = Vec::new();
    for item in issue.items() {
        for text in
            std::iter::once(plain_text(&item.title)).chain(item.body.iter().map(|p| plain_text(p)))
        {
            let mut current = String::new();
            for c in text.chars() {
                current.push(c);
                if matches!(c, '。' | '!' | '?' | '\u{FF01}' | '\u{FF1F}') {
                    out.push(std::mem::take(&mut current).trim().to_string());
                }
            }
            if !current.trim().is_empty() {
                out.push(current.trim().to_string());
            }
        }
    }
    out.retain(|s| s.chars().count() >= 4 && !s.starts_with(['{', '#', '-', '[', '*', '`', '<']));
    out
}

/// `count` Markdown issue sources (file name, text), volumes 1..=count.
pub fn generate_corpus(seed: &Issue, settings: &Settings, count: usize) -> Vec<(String, String)> {
    let pool = sentences(seed);
    let tags: Vec<&str> = settings.tags.iter().map(|t| t.slug.as_str()).collect();
    let mut rng = Rng(0x5EED_0003);
    let mut files = Vec::with_capacity(count);
    for volume in 1..=count {
        let mut md = format!(
            "+++\nvolume = {volume}\ntitle = \"云原生生态周报 Vol. {volume}(合成)\"\nauthors = [\"合成\"]\n+++\n"
        );
        let mut n = 0;
        for section in &settings.sections {
            md.push_str(&format!("\n# {}\n", section.name.zh));
            let groups: Vec<Option<&str>> = if section.slug == "upstream" {
                settings
                    .projects
                    .iter()
                    .map(|p| Some(p.name.zh.as_str()))
                    .collect()
            } else {
                vec![None]
            };
            for group in groups {
                if let Some(name) = group {
                    md.push_str(&format!("\n## {name}\n"));
                }
                for _ in 0..rng.between(2, 4) {
                    n += 1;
                    let title: String = rng.pick(pool.as_slice()).chars().take(30).collect();
                    let item_tags: Vec<&str> =
                        (0..rng.between(1, 3)).map(|_| *rng.pick(&tags)).collect();
                    let mut item_tags = item_tags;
                    item_tags.sort_unstable();
                    item_tags.dedup();
                    md.push_str(&format!(
                        "\n- {{#item-{n} {}}} {}\n",
                        item_tags.join(" "),
                        escape(&title)
                    ));
                    for p in 0..rng.between(1, 2) {
                        if p > 0 {
                            md.push('\n');
                        }
                        let paragraph: Vec<String> = (0..rng.between(2, 4))
                            .map(|_| escape(rng.pick::<String>(&pool)))
                            .collect();
                        md.push_str(&format!("  {}\n", paragraph.join("")));
                    }
                }
            }
        }
        files.push((format!("{volume:04}.md"), md));
    }
    files
}

/// Escapes the characters Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '{' | '}' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
