//! Byte offset → 1-based line number, for evidence (`file:line`).
//!
//! Parsers report byte offsets; a fact found in a file needs the line.
//! Counting the newlines before each offset costs the file's length per
//! fact, which makes a manifest with many entries quadratic (a `[project]`
//! table of 20,000 dependencies took seconds). [`LineIndex`] records where
//! each line starts once, so each lookup is a binary search.

/// Where each line of a text starts.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// The 1-based line holding the byte at `offset` (the last line for an
    /// offset past the end).
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|start| *start <= offset) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets() {
        let index = LineIndex::new("a\nbc\n\nd");
        let lines: Vec<u32> = (0..9).map(|offset| index.line(offset)).collect();
        assert_eq!(lines, [1, 1, 2, 2, 2, 3, 4, 4, 4]);
    }
}
