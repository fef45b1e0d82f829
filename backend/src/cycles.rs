//! The cycles of a directed graph given as successor lists: its strongly connected
//! components (Tarjan's algorithm, with a stack of its own instead of recursion), keeping
//! those with a cycle. The call graph asks which functions a call can re-enter
//! (`recursion`); a function's block graph asks which blocks form call-free loops
//! (`loop_counters`).

/// For each node of the graph (`successors[node]` lists the nodes it has edges to), the
/// number of its strongly connected component if that component holds a cycle (several
/// nodes, or one node with an edge to itself); `None` for every other node. Components are
/// numbered from 0 in the order the search closes them.
pub(crate) fn cycles(successors: &[Vec<usize>]) -> Vec<Option<usize>> {
    let mut search = Search::new(successors.len());
    for root in 0..successors.len() {
        if search.index[root].is_none() {
            search.visit(successors, root);
        }
    }
    search.cycle
}

/// The state of Tarjan's search.
struct Search {
    /// The order in which each node was first reached.
    index: Vec<Option<usize>>,
    /// The smallest index reachable from each node through the nodes on the stack.
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next_index: usize,
    cycle: Vec<Option<usize>>,
    cycles_found: usize,
}

impl Search {
    fn new(count: usize) -> Search {
        Search {
            index: vec![None; count],
            low: vec![0; count],
            on_stack: vec![false; count],
            stack: Vec::new(),
            next_index: 0,
            cycle: vec![None; count],
            cycles_found: 0,
        }
    }

    /// The depth-first search from `root`, with an explicit stack of (node, next successor
    /// to look at).
    fn visit(&mut self, successors: &[Vec<usize>], root: usize) {
        let mut path = vec![(root, 0)];
        self.reach(root);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&successor) = successors[node].get(*next) {
                *next += 1;
                match self.index[successor] {
                    None => {
                        self.reach(successor);
                        path.push((successor, 0));
                    }
                    Some(index) if self.on_stack[successor] => {
                        self.low[node] = self.low[node].min(index);
                    }
                    Some(_) => {}
                }
                continue;
            }
            path.pop();
            if let Some(&(predecessor, _)) = path.last() {
                self.low[predecessor] = self.low[predecessor].min(self.low[node]);
            }
            if Some(self.low[node]) == self.index[node] {
                self.close_component(successors, node);
            }
        }
    }

    fn reach(&mut self, node: usize) {
        self.index[node] = Some(self.next_index);
        self.low[node] = self.next_index;
        self.next_index += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
    }

    /// Pops the component whose first node is `root`, numbering it if it has several
    /// nodes or its one node has an edge to itself.
    fn close_component(&mut self, successors: &[Vec<usize>], root: usize) {
        let start = self.stack.iter().rposition(|&n| n == root).unwrap_or(0);
        let component: Vec<usize> = self.stack.drain(start..).collect();
        let has_cycle = component.len() > 1 || successors[root].contains(&root);
        let number = has_cycle.then_some(self.cycles_found);
        self.cycles_found += usize::from(has_cycle);
        for node in component {
            self.on_stack[node] = false;
            self.cycle[node] = number;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn nodes_on_the_same_cycle_share_a_number_and_the_others_have_none() {
        // 0 -> 1 -> 2 -> 1 (a cycle of two), 3 -> 3 (a self loop), 4 -> 0, 3, 5 -> 4.
        let graph = vec![vec![1], vec![2], vec![1], vec![3], vec![0, 3], vec![4]];
        let found = cycles(&graph);
        assert_eq!(found[0], None);
        assert_eq!(found[4], None);
        assert_eq!(found[5], None);
        assert!(found[1].is_some());
        assert_eq!(found[1], found[2]);
        assert!(found[3].is_some());
        assert_ne!(found[1], found[3]);
    }

    #[test]
    fn a_cycle_inside_a_cycle_is_one_component() {
        // 0 -> 1 -> 2 -> 1, 2 -> 3 -> 0: the inner cycle 1-2 lies on the outer one.
        let graph = vec![vec![1], vec![2], vec![1, 3], vec![0]];
        let found = cycles(&graph);
        assert!(found.iter().all(|c| *c == found[0] && c.is_some()));
    }
}
