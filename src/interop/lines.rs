//! What every reader reads through: the caps, an input decoded to UTF-8 (a
//! byte-order mark dropped, UTF-16 turned into UTF-8), and lines read with a
//! bounded buffer whatever their ending (LF, CRLF, or CR alone as old Macs
//! wrote it), so no input can make a reader hold more than a cap.

use std::io::{self, BufRead, Read};

/// A single value (a property, a cell) larger than this is left out.
pub const MAX_VALUE: usize = 1 << 20;
/// A line, a card or a row larger than this is left out.
pub const MAX_RECORD: usize = 16 << 20;
/// A file larger than this stops being read.
pub const MAX_FILE: u64 = 4 << 30;

/// Sizes as people read them.
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

/// What one call of [`Lines::next_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A line, in the buffer, without its ending.
    Text,
    /// A line longer than [`MAX_RECORD`]: the buffer holds its start. The
    /// next call reads past the rest without keeping it (a file that is one
    /// endless line is then read, not held, up to [`MAX_FILE`]).
    TooLong,
    /// The end of the input.
    End,
}

/// Reads lines of at most [`MAX_RECORD`] bytes.
pub struct Lines<R> {
    input: R,
    /// Whether lines end with CR alone; decided by the first line ending seen.
    cr_only: Option<bool>,
    /// A CR ended the last line: a LF right after it belongs to it.
    after_cr: bool,
    /// The rest of a line too long is still to be read past.
    skip_rest: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(input: R) -> Self {
        Lines {
            input,
            cr_only: None,
            after_cr: false,
            skip_rest: false,
        }
    }

    pub fn into_inner(self) -> R {
        self.input
    }

    /// Appends to `buf` up to the end of the line (when `keep`), or up to
    /// [`MAX_RECORD`] in all; answers whether a line ending was reached and
    /// whether anything was read at all.
    fn scan(&mut self, buf: &mut Vec<u8>, keep: bool) -> io::Result<(bool, bool)> {
        let mut any = false;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok((true, any));
            }
            if self.after_cr {
                self.after_cr = false;
                if chunk[0] == b'\n' {
                    self.cr_only = Some(false);
                    self.input.consume(1);
                    continue;
                }
                self.cr_only.get_or_insert(true);
            }
            any = true;
            let cr_only = self.cr_only;
            let end = chunk
                .iter()
                .position(|&b| b == b'\n' || (b == b'\r' && cr_only != Some(false)));
            let take = end.unwrap_or(chunk.len());
            let room = if keep {
                MAX_RECORD.saturating_sub(buf.len())
            } else {
                0
            };
            if keep && take > room {
                // Full: what fits is kept, the rest is for the next call.
                buf.extend_from_slice(&chunk[..room]);
                self.input.consume(room);
                return Ok((false, true));
            }
            if keep {
                buf.extend_from_slice(&chunk[..take]);
            }
            match end {
                Some(i) => {
                    let ending = chunk[i];
                    self.input.consume(i + 1);
                    if ending == b'\n' {
                        self.cr_only.get_or_insert(false);
                        if keep && buf.last() == Some(&b'\r') {
                            buf.pop();
                        }
                    } else {
                        self.after_cr = true;
                    }
                    return Ok((true, true));
                }
                None => {
                    let n = chunk.len();
                    self.input.consume(n);
                }
            }
        }
    }

    /// Reads the next line into `buf` (cleared first).
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> io::Result<Line> {
        buf.clear();
        if self.skip_rest {
            self.skip_rest = false;
            self.scan(buf, false)?;
        }
        let (ended, any) = self.scan(buf, true)?;
        if !any {
            return Ok(Line::End);
        }
        if !ended {
            self.skip_rest = true;
            return Ok(Line::TooLong);
        }
        Ok(Line::Text)
    }
}

/// An input as UTF-8: a UTF-8 byte-order mark dropped, UTF-16 (with its
/// byte-order mark) decoded, and reading stopped with an error past [`MAX_FILE`].
pub struct Decoded<R> {
    input: R,
    utf16: Option<bool>,
    started: bool,
    read: u64,
    /// Decoded bytes not yet handed out.
    out: Vec<u8>,
    out_pos: usize,
    /// A high surrogate waiting for its pair.
    high: Option<u16>,
    /// An odd byte left over from the last read.
    odd: Option<u8>,
}

impl<R: Read> Decoded<R> {
    pub fn new(input: R) -> Self {
        Decoded {
            input,
            utf16: None,
            started: false,
            read: 0,
            out: Vec::new(),
            out_pos: 0,
            high: None,
            odd: None,
        }
    }

    fn raw(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.input.read(buf)?;
        self.read += n as u64;
        if self.read > MAX_FILE {
            return Err(io::Error::other(format!(
                "the file is larger than {}; stopped reading",
                size(MAX_FILE)
            )));
        }
        Ok(n)
    }

    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        let mut head = [0u8; 3];
        let mut n = 0;
        while n < 3 {
            let k = self.raw(&mut head[n..])?;
            if k == 0 {
                break;
            }
            n += k;
        }
        let head = &head[..n];
        if head.starts_with(&[0xef, 0xbb, 0xbf]) {
            return Ok(());
        }
        if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
            self.utf16 = Some(head[0] == 0xfe);
            if let Some(&b) = head.get(2) {
                self.odd = Some(b);
            }
            return Ok(());
        }
        self.out.extend_from_slice(head);
        Ok(())
    }

    fn push_char(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
    }

    /// Decodes the next chunk of UTF-16 into `out`; false at the end.
    fn fill_utf16(&mut self, big_endian: bool) -> io::Result<bool> {
        let mut raw = [0u8; 8192];
        let mut start = 0;
        if let Some(b) = self.odd.take() {
            raw[0] = b;
            start = 1;
        }
        let n = self.raw(&mut raw[start..])? + start;
        if n == start {
            if start == 1 || self.high.take().is_some() {
                self.push_char(char::REPLACEMENT_CHARACTER);
            }
            return Ok(!self.out.is_empty());
        }
        let pairs = n / 2;
        if n % 2 == 1 {
            self.odd = Some(raw[n - 1]);
        }
        for i in 0..pairs {
            let b = [raw[2 * i], raw[2 * i + 1]];
            let unit = if big_endian {
                u16::from_be_bytes(b)
            } else {
                u16::from_le_bytes(b)
            };
            match (self.high.take(), unit) {
                (Some(h), 0xdc00..=0xdfff) => {
                    let c = 0x10000 + ((u32::from(h) - 0xd800) << 10) + (u32::from(unit) - 0xdc00);
                    self.push_char(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                (h, _) => {
                    if h.is_some() {
                        self.push_char(char::REPLACEMENT_CHARACTER);
                    }
                    if (0xd800..=0xdbff).contains(&unit) {
                        self.high = Some(unit);
                    } else {
                        let c =
                            char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
                        self.push_char(c);
                    }
                }
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.start()?;
        }
        loop {
            if self.out_pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_pos);
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                if self.out_pos == self.out.len() {
                    self.out.clear();
                    self.out_pos = 0;
                }
                return Ok(n);
            }
            match self.utf16 {
                None => return self.raw(buf),
                Some(be) => {
                    if !self.fill_utf16(be)? {
                        return Ok(0);
                    }
                }
            }
        }
    }
}

/// The start of a file decoded as [`Decoded`] does, for guessing its format.
pub fn decode_head(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(head.len());
    let _ = Decoded::new(head).read_to_end(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<(Line, String)> {
        let mut l = Lines::new(std::io::BufReader::with_capacity(3, input));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            match l.next_line(&mut buf).unwrap() {
                Line::End => return out,
                k => out.push((k, String::from_utf8_lossy(&buf).into_owned())),
            }
        }
    }

    #[test]
    fn every_line_ending() {
        let want = |v: &[&str]| {
            v.iter()
                .map(|s| (Line::Text, s.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(lines(b"a\nbb\n\nc"), want(&["a", "bb", "", "c"]));
        assert_eq!(lines(b"a\r\nbb\r\n\r\nc\r\n"), want(&["a", "bb", "", "c"]));
        assert_eq!(lines(b"a\rbb\r\rc\r"), want(&["a", "bb", "", "c"]));
        // In a LF file a CR alone stays in its line.
        assert_eq!(lines(b"a\nb\rc\n"), want(&["a", "b\rc"]));
    }

    #[test]
    fn utf16_and_boms() {
        let mut le = vec![0xff, 0xfe];
        let mut be = vec![0xfe, 0xff];
        for u in "Zoë 😀\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_head(&le), "Zoë 😀\n".as_bytes());
        assert_eq!(decode_head(&be), "Zoë 😀\n".as_bytes());
        assert_eq!(decode_head(b"\xef\xbb\xbf{}"), b"{}");
        assert_eq!(decode_head(b"ab"), b"ab");
    }
}
