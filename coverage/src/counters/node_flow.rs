//! The merged node-flow graph and the spanning-tree construction that decides which nodes
//! get physical counters (Knuth and Stevenson, "Optimal measurement points for program
//! frequency counts", 1973, in the node-flow form rustc uses).
//!
//! Nodes are the BCBs plus a synthetic sink (index `len`). Each node's count flows out
//! through its successors; merging all successors of a node into one "supernode" gives a
//! graph in which every node is exactly one edge, from its own supernode to its successors'
//! supernode. Offering nodes one by one to a spanning forest over supernodes: a node whose
//! edge joins two trees claims that edge (its count will be an expression); a node whose
//! edge would close a cycle gets a physical counter, which is added to (or subtracted from)
//! the expression of every node claiming an edge on the tree path the cycle closes.

use crate::graph::{Bcb, CoverageGraph};
use crate::rows::Rows;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sign {
    Add,
    Subtract,
}

/// One term of a node's count: plus or minus the physical counter of `node`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) sign: Sign,
    pub(crate) node: usize,
}

pub(crate) struct NodeFlow {
    /// The supernode (union-find root) of every node, sink included.
    supernode: Vec<usize>,
    /// The supernode holding all successors of every node.
    succ_supernode: Vec<usize>,
}

impl NodeFlow {
    pub(crate) fn new(graph: &CoverageGraph) -> NodeFlow {
        let successors = balanced_successors(graph);
        let mut sets = UnionFind::new(successors.len());
        let representatives: Vec<usize> = successors
            .iter()
            .map(|succs| {
                succs
                    .iter()
                    .copied()
                    .reduce(|a, b| sets.union(a, b))
                    .expect("every node of a balanced graph has an out-edge")
            })
            .collect();
        let supernode: Vec<usize> = (0..successors.len()).map(|n| sets.find(n)).collect();
        let succ_supernode = representatives.iter().map(|&r| supernode[r]).collect();
        NodeFlow {
            supernode,
            succ_supernode,
        }
    }

    pub(crate) fn sink(&self) -> usize {
        self.supernode.len() - 1
    }

    #[cfg(test)]
    pub(crate) fn supernode_count(&self) -> usize {
        (0..self.supernode.len())
            .filter(|&n| self.supernode[n] == n)
            .count()
    }

    /// Visits the nodes in `priority` order (each exactly once) and returns every node's
    /// count as a list of terms; a node with a physical counter has itself as sole term.
    pub(crate) fn spanning_tree_terms(&self, priority: &[usize]) -> Vec<Vec<Term>> {
        let mut tree = SpanningTree {
            flow: self,
            edges: vec![None; self.supernode.len()],
            terms: vec![Vec::new(); self.supernode.len()],
            path: Vec::new(),
        };
        for &node in priority {
            tree.visit(node);
        }
        tree.terms
    }
}

/// Successors in the balanced-flow view: real successors, plus the sink for nodes that can
/// end the function or cannot reach such a node (inescapable loops); the sink's only
/// successor is the start node.
fn balanced_successors(graph: &CoverageGraph) -> Rows<usize> {
    let sink = graph.len();
    let mut to_sink: Vec<bool> = graph.bcbs().map(|b| !graph.is_out_summable(b)).collect();
    let mut reaches_sink = to_sink.clone();
    let mut stack: Vec<Bcb> = graph.bcbs().filter(|b| to_sink[b.index()]).collect();
    while let Some(node) = stack.pop() {
        for &pred in graph.predecessors(node) {
            if !reaches_sink[pred.index()] {
                reaches_sink[pred.index()] = true;
                stack.push(pred);
            }
        }
    }
    for (edge, reaches) in to_sink.iter_mut().zip(&reaches_sink) {
        *edge |= !reaches;
    }
    let mut successors = Rows::with_capacity(sink + 1, 2 * sink + 1);
    for b in graph.bcbs() {
        let real = graph.successors(b).iter().map(|s| s.index());
        successors.push_row(real.chain(to_sink[b.index()].then_some(sink)));
    }
    successors.push_row([Bcb::START.index()]);
    successors
}

/// Disjoint sets with union by rank; on equal ranks the first argument's root wins.
struct UnionFind {
    parent: Vec<usize>,
    rank: Vec<u32>,
}

impl UnionFind {
    fn new(len: usize) -> UnionFind {
        UnionFind {
            parent: (0..len).collect(),
            rank: vec![0; len],
        }
    }

    fn find(&mut self, mut node: usize) -> usize {
        while self.parent[node] != node {
            let grandparent = self.parent[self.parent[node]];
            self.parent[node] = grandparent;
            node = grandparent;
        }
        node
    }

    /// Merges the sets of `a` and `b` and returns the root of the merged set.
    fn union(&mut self, a: usize, b: usize) -> usize {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return a;
        }
        let (root, child) = if self.rank[a] >= self.rank[b] {
            (a, b)
        } else {
            (b, a)
        };
        if self.rank[a] == self.rank[b] {
            self.rank[root] += 1;
        }
        self.parent[child] = root;
        root
    }
}

/// A spanning-forest edge, stored on the supernode it leaves.
#[derive(Clone, Copy, Debug)]
struct TreeEdge {
    /// Whether the edge now points against the claiming node's flow direction.
    reversed: bool,
    /// The node whose flow edge this is; its expression collects counters along it.
    claimed_by: usize,
    parent: usize,
}

struct SpanningTree<'a> {
    flow: &'a NodeFlow,
    edges: Vec<Option<TreeEdge>>,
    terms: Vec<Vec<Term>>,
    /// Scratch space of `make_root`.
    path: Vec<usize>,
}

impl SpanningTree<'_> {
    fn root(&self, mut supernode: usize) -> usize {
        while let Some(edge) = self.edges[supernode] {
            supernode = edge.parent;
        }
        supernode
    }

    /// Reverses the edges on the path from `supernode` to its root, making it the root.
    fn make_root(&mut self, supernode: usize) {
        let mut path = std::mem::take(&mut self.path);
        path.clear();
        path.push(supernode);
        let mut current = supernode;
        while let Some(edge) = self.edges[current] {
            path.push(edge.parent);
            current = edge.parent;
        }
        for pair in path.windows(2).rev() {
            let (child, parent) = (pair[0], pair[1]);
            let edge = self.edges[child].take().expect("path edges exist");
            self.edges[parent] = Some(TreeEdge {
                reversed: !edge.reversed,
                claimed_by: edge.claimed_by,
                parent: child,
            });
        }
        self.path = path;
    }

    fn visit(&mut self, node: usize) {
        let own = self.flow.supernode[node];
        self.make_root(own);
        let target = self.flow.succ_supernode[node];
        if self.root(target) != own {
            self.edges[own] = Some(TreeEdge {
                reversed: false,
                claimed_by: node,
                parent: target,
            });
            return;
        }
        self.terms[node].push(Term {
            sign: Sign::Add,
            node,
        });
        let mut current = target;
        while current != own {
            let edge = self.edges[current].expect("tree path leads to the root");
            let sign = if edge.reversed {
                Sign::Subtract
            } else {
                Sign::Add
            };
            self.terms[edge.claimed_by].push(Term { sign, node });
            current = edge.parent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_prefers_first_root_on_equal_rank() {
        let mut sets = UnionFind::new(4);
        assert_eq!(sets.union(2, 1), 2);
        assert_eq!(sets.union(3, 1), 2);
        assert_eq!(sets.union(0, 3), 2);
        assert!((0..4).all(|n| sets.find(n) == 2));
    }
}
