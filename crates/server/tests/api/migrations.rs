//! Both backends carry the same migrations, step for step.

fn names(backend: &str) -> Vec<String> {
    // The directory cargo runs the test from (set at run time), so that a test
    // binary built in another checkout that shares the build cache reads this one.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    let dir = std::path::Path::new(&manifest_dir).join("migrations").join(backend);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn sqlite_and_postgres_have_the_same_migration_steps() {
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
}
