fn main() {
    let c = rusqlite::Connection::open("/tmp/t3.db").unwrap();
    for q in ["DELETE FROM person_fts WHERE rowid IN (SELECT value FROM json_each(?1))", "INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes) SELECT * FROM person_doc WHERE id IN (SELECT value FROM json_each(?1))"] {
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {q}")).unwrap();
        let rows: Vec<String> = st.query_map(["[1,2]"], |r| r.get::<_, String>(3)).unwrap().map(|r| r.unwrap()).collect();
        println!("{q}\n   {rows:?}");
    }
}
