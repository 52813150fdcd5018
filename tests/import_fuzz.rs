//! The vCard and CSV readers on 10,000 random inputs and 10,000 mutated real
//! files each: they never panic, and every record they give is well-formed.
//! (Whole imports into a store of random input are in import_vcard/import_csv.)

use std::path::{Path, PathBuf};

use kithkin::interop::{self, guess, Format};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const CASES: u32 = 10_000;

/// Reads every record of a file; a reader error is an answer, a panic is not.
fn read_all(path: &Path, format: Format) {
    if let Ok(source) = interop::open(path, format) {
        for item in source.items {
            if let Some(r) = item.record {
                assert!(!r.fields.name.trim().is_empty(), "a record without a name");
            }
        }
    }
    let _ = guess(path);
}

/// Real files to mutate: our fixtures, and the shared corpus where it exists.
fn seeds(ext: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        root.join("tests/fixtures"),
        root.join("../shared/corpus/realworld"),
        root.join("../shared/corpus/generated"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if let Ok(inner) = std::fs::read_dir(&p) {
                    paths.extend(inner.flatten().map(|e| e.path()));
                }
            } else {
                paths.push(p);
            }
        }
    }
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter_map(|p| std::fs::read(p).ok())
        // The big generated files are cut to their first 20 kB.
        .map(|mut b| {
            b.truncate(20_000);
            b
        })
        .collect()
}

/// A mutation of a seed: flipped, inserted and deleted bytes, a cut, a copy.
fn mutate(seed: &[u8], ops: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for &(op, at, byte) in ops {
        if b.is_empty() {
            b.push(byte);
            continue;
        }
        let i = at % b.len();
        match op % 6 {
            0 => b[i] ^= byte | 1,
            1 => b.insert(i, byte),
            2 => {
                b.remove(i);
            }
            3 => b.truncate(i),
            4 => {
                let end = (i + 40).min(b.len());
                let piece = b[i..end].to_vec();
                b.splice(i..i, piece);
            }
            _ => b.insert(
                i,
                [b'\r', b'\n', b' ', b'=', b';', b':', b'"', 0][byte as usize % 8],
            ),
        }
    }
    b
}

fn run(name: &str, format: Format, strategy: impl Strategy<Value = Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |bytes| {
            std::fs::write(&path, &bytes).unwrap();
            read_all(&path, format);
            Ok(())
        })
        .unwrap();
}

fn random_with_prefix(prefixes: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<u8>> {
    (
        0..prefixes.len(),
        proptest::collection::vec(any::<u8>(), 0..600),
    )
        .prop_map(move |(p, tail)| {
            let mut b = prefixes[p].to_vec();
            b.extend(tail);
            b
        })
}

fn mutated(ext: &str) -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds(ext);
    assert!(!seeds.is_empty(), "no .{ext} seeds");
    let n = seeds.len();
    (
        0..n,
        proptest::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..8),
    )
        .prop_map(move |(i, ops)| mutate(&seeds[i], &ops))
}

#[test]
fn vcard_reader_on_random_bytes() {
    run(
        "x.vcf",
        Format::Vcard,
        random_with_prefix(&[
            b"",
            b"BEGIN:VCARD\r\n",
            b"BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE:",
            b"BEGIN:VCARD\nVERSION:4.0\nitem1.EMAIL:",
        ]),
    );
}

#[test]
fn vcard_reader_on_mutated_real_files() {
    run("x.vcf", Format::Vcard, mutated("vcf"));
}

#[test]
fn csv_readers_on_random_bytes() {
    let linkedin: &'static [&'static [u8]] = &[
        b"Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    ];
    let google: &'static [&'static [u8]] = &[
        b"First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Labels,Birthday\n",
        b"",
    ];
    run("l.csv", Format::Linkedin, random_with_prefix(linkedin));
    run("g.csv", Format::Google, random_with_prefix(google));
}

#[test]
fn csv_readers_on_mutated_real_files() {
    run("l.csv", Format::Linkedin, mutated("csv"));
    run("g.csv", Format::Google, mutated("csv"));
}

/// Found by the fuzzer: a multi-byte character across byte 11 of the head.
#[test]
fn format_guess_on_a_character_across_the_prefix() {
    assert_eq!(
        interop::guess_bytes("Notes:\n\"Wh\u{fffd}n".as_bytes()),
        None
    );
    assert_eq!(interop::guess_bytes("BEGIN:VCAR\u{e9}".as_bytes()), None);
    assert_eq!(
        interop::guess_bytes(b"begin:vcard\r\n"),
        Some(Format::Vcard)
    );
}
