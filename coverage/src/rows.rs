//! Lists of lists stored in one buffer, row after row (compressed sparse rows): the
//! adjacency lists of the coverage graphs, without an allocation per row.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rows<T> {
    /// `items[starts[i]..starts[i + 1]]` is row `i`.
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Rows<T> {
    fn default() -> Rows<T> {
        Rows {
            starts: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> Rows<T> {
    /// Empty rows with room for `rows` rows of `items` items in all.
    pub fn with_capacity(rows: usize, items: usize) -> Rows<T> {
        let mut starts = Vec::with_capacity(rows + 1);
        starts.push(0);
        Rows {
            starts,
            items: Vec::with_capacity(items),
        }
    }

    /// Adds an item to the last row, the one `end_row` has not closed yet.
    pub fn push_item(&mut self, item: T) {
        self.items.push(item);
    }

    /// Closes the row being built; the next items go to a new row.
    pub fn end_row(&mut self) {
        self.starts.push(self.items.len() as u32);
    }

    /// Appends a whole row.
    pub fn push_row(&mut self, row: impl IntoIterator<Item = T>) {
        self.items.extend(row);
        self.end_row();
    }

    /// The items of the row being built (pushed since the last `end_row`).
    pub fn open_row(&self) -> &[T] {
        let start = *self.starts.last().expect("starts begins with 0") as usize;
        &self.items[start..]
    }

    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, index: usize) -> &[T] {
        &self.items[self.starts[index] as usize..self.starts[index + 1] as usize]
    }

    /// The inverse relation over `len` rows: row `j` lists, in order, every `i` whose row
    /// holds an item of index `j` (once per such item); `index` gives an item's index and
    /// `item` the item of index `i`.
    pub fn inverse(
        &self,
        len: usize,
        index: impl Fn(&T) -> usize,
        item: impl Fn(usize) -> T,
    ) -> Rows<T>
    where
        T: Copy,
    {
        let mut starts = vec![0u32; len + 1];
        for target in &self.items {
            starts[index(target) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut items = vec![item(0); self.items.len()];
        for (source, row) in self.iter().enumerate() {
            for target in row {
                let slot = &mut next[index(target)];
                items[*slot as usize] = item(source);
                *slot += 1;
            }
        }
        Rows { starts, items }
    }

    pub fn iter(&self) -> impl Iterator<Item = &[T]> {
        (0..self.len()).map(|i| self.row(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_items_in_order_and_may_be_empty() {
        let mut rows = Rows::with_capacity(3, 4);
        rows.push_row([1, 2]);
        rows.end_row();
        rows.push_item(3);
        assert_eq!(rows.open_row(), [3]);
        rows.push_item(4);
        rows.end_row();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.row(0), [1, 2]);
        assert!(rows.row(1).is_empty());
        assert_eq!(rows.row(2), [3, 4]);
        let all: Vec<&[i32]> = rows.iter().collect();
        assert_eq!(all, [&[1, 2][..], &[], &[3, 4]]);
        assert!(Rows::<u8>::default().is_empty());
    }
}
