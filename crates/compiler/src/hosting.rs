//! What common static hosts accept, against a built site: its file count
//! and its largest file, printed by the last build step with a warning when
//! a host's limit is near. Pure: the command line walks the folder.
//! The limits and their sources are listed in the README ("Hosts' limits").

/// One host's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostLimit {
    pub host: &'static str,
    /// Most files in one deployment (or one folder, as the note says).
    pub files: Option<u64>,
    /// Largest single file, in bytes.
    pub file_bytes: Option<u64>,
    pub note: &'static str,
}

/// The limits the README cites (checked 2026-12-07).
pub const HOST_LIMITS: &[HostLimit] = &[
    HostLimit {
        host: "Vercel (CLI upload)",
        files: Some(15_000),
        file_bytes: None,
        note: "`vercel deploy --archive=tgz` lifts it",
    },
    HostLimit {
        host: "Cloudflare Pages (free plan)",
        files: Some(20_000),
        file_bytes: Some(25 * 1024 * 1024),
        note: "",
    },
    HostLimit {
        host: "Netlify",
        files: Some(54_000),
        file_bytes: None,
        note: "per folder",
    },
    HostLimit {
        host: "GitHub Pages",
        files: None,
        file_bytes: Some(100 * 1024 * 1024),
        note: "1 GB per site",
    },
];

/// A warning starts at this share of a limit.
const NEAR: f64 = 0.8;

/// The build's summary of a site of `files` files whose largest is
/// `largest` (`(path, bytes)`), and a warning per limit passed or near.
pub fn host_report(files: u64, largest: Option<(&str, u64)>) -> (String, Vec<String>) {
    let summary = match largest {
        Some((path, bytes)) => format!("site: {files} files, the largest {path} ({bytes} bytes)"),
        None => format!("site: {files} files"),
    };
    let mut warnings = Vec::new();
    for limit in HOST_LIMITS {
        let note = if limit.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", limit.note)
        };
        if let Some(max) = limit.files {
            if files as f64 >= max as f64 * NEAR {
                let state = if files > max { "over" } else { "near" };
                warnings.push(format!(
                    "warning: {files} files is {state} {}'s limit of {max}{note}",
                    limit.host
                ));
            }
        }
        if let (Some(max), Some((path, bytes))) = (limit.file_bytes, largest) {
            if bytes as f64 >= max as f64 * NEAR {
                let state = if bytes > max { "over" } else { "near" };
                warnings.push(format!(
                    "warning: {path} ({bytes} bytes) is {state} {}'s limit of {max} bytes per file",
                    limit.host
                ));
            }
        }
    }
    (summary, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_site_gets_its_summary_and_no_warning() {
        let (summary, warnings) = host_report(1_373, Some(("data/catalog.json", 90_000)));
        assert_eq!(
            summary,
            "site: 1373 files, the largest data/catalog.json (90000 bytes)"
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn hosts_are_warned_about_near_and_past_their_limits() {
        let (_, warnings) = host_report(16_500, None);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("over Vercel (CLI upload)'s limit of 15000"));
        assert!(warnings[1].contains("near Cloudflare Pages (free plan)'s limit of 20000"));
        let (_, warnings) = host_report(10, Some(("big.json", 24 * 1024 * 1024)));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("big.json"));
    }
}
