//! The search files each query reads, from a published data folder (what
//! tests/bench/query-bytes.mjs weighs): `cargo run -q -p weekly-core
//! --example query_files -- DATA QUERY...` prints `query<TAB>first pass's
//! files<TAB>every file` (the first pass matches Chinese runs as they stand;
//! the app reads the words' files only when it does not fill the page).
use weekly_core::model::Catalog;
use weekly_core::search::parse_query;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (data, queries) = args
        .split_first()
        .ok_or("usage: query_files DATA QUERY...")?;
    let path = std::path::Path::new(data).join("catalog.json");
    let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let catalog: Catalog = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
    let search = catalog
        .search_index
        .ok_or("the catalog has no search index")?;
    for q in queries {
        let query = parse_query(q);
        let files = |query| -> String {
            let files: Vec<String> = search
                .shards_for(query)
                .into_iter()
                .map(|id| search.shard_file(id))
                .collect();
            files.join(" ")
        };
        println!("{q}\t{}\t{}", files(&query.phrases()), files(&query));
    }
    Ok(())
}
