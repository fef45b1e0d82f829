//! The coverage graph: basic coverage blocks (BCBs), each a maximal chain of IR blocks that
//! always run together, built the way rustc builds its coverage graph, with dominators.
//!
//! Edges follow the terminators' normal successors only: an `Assert` continues at its target
//! (its panic path is not an edge), a returning `Call` continues at its target, a diverging
//! `Call`, `Panic` or `Return` has no successor. Blocks are visited depth-first from `bb0`
//! with an explicit stack (a popped block pushes its unvisited successors in order), and a
//! block joins the chain of the block visited just before it when that block has exactly one
//! successor and is the new block's only predecessor. Blocks ending in `Unreachable` belong
//! to no BCB.

use clifcov_ir::BlockId;

use crate::block_flow::BlockFlow;
use crate::rows::Rows;

/// A node of the coverage graph; `Bcb(0)` holds `bb0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bcb(pub u32);

impl Bcb {
    pub const START: Bcb = Bcb(0);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Debug)]
pub struct CoverageGraph {
    /// The IR blocks of every BCB, in execution order.
    blocks: Rows<BlockId>,
    /// The BCB of every IR block (`None` for blocks in no BCB).
    bcb_of_block: Vec<Option<Bcb>>,
    successors: Rows<Bcb>,
    predecessors: Rows<Bcb>,
    /// Immediate dominator of every BCB but the start node.
    idom: Vec<Option<Bcb>>,
    /// Position in a reverse postorder: a dominator always ranks before what it dominates.
    dominator_rank: Vec<u32>,
}

impl CoverageGraph {
    /// Builds the graph of a function's block flow; `None` when `bb0` ends in `Unreachable`
    /// (rustc does not instrument such a function).
    pub fn new(flow: &BlockFlow) -> Option<CoverageGraph> {
        let blocks = chain_blocks(flow);
        if blocks.is_empty() {
            return None;
        }
        let mut bcb_of_block = vec![None; flow.len()];
        for (i, chain) in blocks.iter().enumerate() {
            for block in chain {
                bcb_of_block[block.index()] = Some(Bcb(i as u32));
            }
        }
        let successors = bcb_successors(flow, &blocks, &bcb_of_block);
        let predecessors = successors.inverse(successors.len(), |b| b.index(), |i| Bcb(i as u32));
        let order = reverse_postorder(&successors);
        let mut dominator_rank = vec![0; blocks.len()];
        for (rank, bcb) in order.iter().enumerate() {
            dominator_rank[bcb.index()] = rank as u32;
        }
        let idom = immediate_dominators(&order, &predecessors, &dominator_rank);
        Some(CoverageGraph {
            blocks,
            bcb_of_block,
            successors,
            predecessors,
            idom,
            dominator_rank,
        })
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn bcbs(&self) -> impl Iterator<Item = Bcb> {
        (0..self.blocks.len() as u32).map(Bcb)
    }

    /// The IR blocks of `bcb`, in execution order.
    pub fn blocks(&self, bcb: Bcb) -> &[BlockId] {
        self.blocks.row(bcb.index())
    }

    /// The first IR block of `bcb`, where its counter goes.
    pub fn leader(&self, bcb: Bcb) -> BlockId {
        self.blocks(bcb)[0]
    }

    /// The BCB holding IR block `block`, if any.
    pub fn bcb_of(&self, block: BlockId) -> Option<Bcb> {
        self.bcb_of_block[block.index()]
    }

    pub fn successors(&self, bcb: Bcb) -> &[Bcb] {
        self.successors.row(bcb.index())
    }

    pub fn predecessors(&self, bcb: Bcb) -> &[Bcb] {
        self.predecessors.row(bcb.index())
    }

    /// True when every execution of `bcb` leaves through one of its out-edges (it does not
    /// end the function), so its count is the sum of its out-edges' counts.
    pub fn is_out_summable(&self, bcb: Bcb) -> bool {
        !self.successors(bcb).is_empty()
    }

    /// True when `dom` dominates `node` (every node dominates itself).
    pub fn dominates(&self, dom: Bcb, node: Bcb) -> bool {
        let mut current = Some(node);
        while let Some(n) = current {
            if n == dom {
                return true;
            }
            current = self.idom[n.index()];
        }
        false
    }

    /// `bcb`'s position in a total order in which a dominator comes before the nodes it
    /// dominates (ranks are unique).
    pub fn dominator_rank(&self, bcb: Bcb) -> u32 {
        self.dominator_rank[bcb.index()]
    }

    /// A node whose single out-edge jumps back to a loop header that dominates it.
    pub fn is_reloop(&self, bcb: Bcb) -> bool {
        match self.successors(bcb) {
            &[succ] => self.dominates(succ, bcb),
            _ => false,
        }
    }
}

/// Depth-first traversal from `bb0` with an explicit stack, marking blocks visited when
/// pushed, as rustc's `depth_first_search` does.
fn depth_first_order(flow: &BlockFlow) -> Vec<BlockId> {
    let mut visited = vec![false; flow.len()];
    let mut stack = vec![BlockId::ENTRY];
    visited[0] = true;
    let mut order = Vec::with_capacity(flow.len());
    while let Some(block) = stack.pop() {
        for &succ in flow.successors(block) {
            if !visited[succ.index()] {
                visited[succ.index()] = true;
                stack.push(succ);
            }
        }
        order.push(block);
    }
    order
}

/// For every block, its predecessor when it has exactly one in-edge (from any block,
/// reachable or not; two edges from one block count twice).
fn sole_predecessors(flow: &BlockFlow) -> Vec<Option<BlockId>> {
    let mut in_edges = vec![0u32; flow.len()];
    let mut sole = vec![None; flow.len()];
    for index in 0..flow.len() {
        let block = BlockId(index as u32);
        for &succ in flow.successors(block) {
            in_edges[succ.index()] += 1;
            sole[succ.index()] = Some(block);
        }
    }
    for (sole, edges) in sole.iter_mut().zip(in_edges) {
        if edges != 1 {
            *sole = None;
        }
    }
    sole
}

/// Groups blocks into chains, one chain per BCB, in traversal order.
fn chain_blocks(flow: &BlockFlow) -> Rows<BlockId> {
    let mut chains = Rows::with_capacity(flow.len(), flow.len());
    if flow.len() == 0 {
        return chains;
    }
    let sole_predecessor = sole_predecessors(flow);
    for block in depth_first_order(flow) {
        if flow.is_unreachable(block) {
            continue;
        }
        if let Some(&previous) = chains.open_row().last() {
            let can_chain = flow.successors(previous).len() == 1
                && sole_predecessor[block.index()] == Some(previous);
            if !can_chain {
                chains.end_row();
            }
        }
        chains.push_item(block);
    }
    if !chains.open_row().is_empty() {
        chains.end_row();
    }
    chains
}

fn bcb_successors(
    flow: &BlockFlow,
    blocks: &Rows<BlockId>,
    bcb_of_block: &[Option<Bcb>],
) -> Rows<Bcb> {
    let mut successors = Rows::with_capacity(blocks.len(), blocks.len() * 2);
    for chain in blocks.iter() {
        let last = *chain.last().expect("a BCB has at least one block");
        for &block in flow.successors(last) {
            if let Some(bcb) = bcb_of_block[block.index()] {
                if !successors.open_row().contains(&bcb) {
                    successors.push_item(bcb);
                }
            }
        }
        successors.end_row();
    }
    successors
}

/// Reverse postorder of a depth-first walk from the start node, successors in order.
fn reverse_postorder(successors: &Rows<Bcb>) -> Vec<Bcb> {
    let mut visited = vec![false; successors.len()];
    let mut postorder = Vec::with_capacity(successors.len());
    let mut stack: Vec<(Bcb, usize)> = vec![(Bcb::START, 0)];
    visited[0] = true;
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if let Some(&succ) = successors.row(node.index()).get(*next) {
            *next += 1;
            if !visited[succ.index()] {
                visited[succ.index()] = true;
                stack.push((succ, 0));
            }
        } else {
            postorder.push(node);
            stack.pop();
        }
    }
    postorder.reverse();
    postorder
}

/// Cooper, Harvey and Kennedy's iterative dominator algorithm over a reverse postorder.
fn immediate_dominators(order: &[Bcb], predecessors: &Rows<Bcb>, rank: &[u32]) -> Vec<Option<Bcb>> {
    let mut idom: Vec<Option<Bcb>> = vec![None; predecessors.len()];
    idom[Bcb::START.index()] = Some(Bcb::START);
    let intersect = |idom: &[Option<Bcb>], mut a: Bcb, mut b: Bcb| {
        while a != b {
            while rank[a.index()] > rank[b.index()] {
                a = idom[a.index()].expect("processed node has a dominator");
            }
            while rank[b.index()] > rank[a.index()] {
                b = idom[b.index()].expect("processed node has a dominator");
            }
        }
        a
    };
    let mut changed = true;
    while changed {
        changed = false;
        for &node in order.iter().skip(1) {
            let mut new_idom = None;
            for &pred in predecessors.row(node.index()) {
                if idom[pred.index()].is_none() {
                    continue;
                }
                new_idom = Some(match new_idom {
                    None => pred,
                    Some(current) => intersect(&idom, pred, current),
                });
            }
            if new_idom.is_some() && idom[node.index()] != new_idom {
                idom[node.index()] = new_idom;
                changed = true;
            }
        }
    }
    idom[Bcb::START.index()] = None;
    idom
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::testing::{function_with, graph_of, T};
    use clifcov_ir::Function;

    fn chains(graph: &CoverageGraph) -> Vec<Vec<u32>> {
        graph
            .bcbs()
            .map(|b| graph.blocks(b).iter().map(|x| x.0).collect())
            .collect()
    }

    /// The MIR of `foo` in rustc 1.95's dump for
    /// `fn foo(n: i32) -> i32 { let mut s = 0; for i in 0..n { if i % 2 == 0 { s += i; }
    /// else { s -= 1; } } s }` (`-Zdump-mir=InstrumentCoverage`), without unwind edges.
    /// rustc's BCBs: bcb0 = bb0,bb1; bcb1 = bb2..bb4; bcb2 = bb7,bb9,bb10; bcb3 = bb11,bb12;
    /// bcb4 = bb15; bcb5 = bb13,bb14; bcb6 = bb6,bb8 (bb5 is unreachable). The false edge
    /// bb6 -> bb7 is modelled by nothing: bb7 has two predecessors anyway.
    pub(crate) fn rustc_foo() -> Function {
        function_with(vec![
            T::Call(Some(1)),         // bb0: into_iter
            T::Goto(2),               // bb1
            T::Goto(3),               // bb2: falseUnwind
            T::Call(Some(4)),         // bb3: next
            T::Switch(vec![6, 7, 5]), // bb4: match on the option
            T::Unreachable,           // bb5
            T::Goto(8),               // bb6: falseEdge
            T::Assert(9),             // bb7
            T::Return,                // bb8
            T::Assert(10),            // bb9
            T::Switch(vec![13, 11]),  // bb10
            T::Assert(12),            // bb11
            T::Goto(15),              // bb12
            T::Assert(14),            // bb13
            T::Goto(15),              // bb14
            T::Goto(2),               // bb15
        ])
    }

    #[test]
    fn chains_match_rustc_for_a_loop_with_if_else() {
        let graph = graph_of(&rustc_foo()).unwrap();
        assert_eq!(
            chains(&graph),
            [
                vec![0, 1],
                vec![2, 3, 4],
                vec![7, 9, 10],
                vec![11, 12],
                vec![15],
                vec![13, 14],
                vec![6, 8]
            ]
        );
        assert_eq!(graph.successors(Bcb(1)), [Bcb(6), Bcb(2)]);
        assert_eq!(graph.successors(Bcb(4)), [Bcb(1)]);
        assert!(graph.is_reloop(Bcb(4)));
        assert!(!graph.is_reloop(Bcb(3)));
        assert!(graph.dominates(Bcb(1), Bcb(5)));
        assert!(graph.dominates(Bcb(2), Bcb(4)));
        assert!(!graph.dominates(Bcb(3), Bcb(4)));
        assert!(!graph.is_out_summable(Bcb(6)));
    }

    #[test]
    fn assert_and_call_chain_but_diverging_calls_end_a_bcb() {
        // bb0 assert -> bb1 call -> bb2 switch [bb3, bb4]; bb3 diverging call; bb4 return.
        let f = function_with(vec![
            T::Assert(1),
            T::Call(Some(2)),
            T::Switch(vec![3, 4]),
            T::Call(None),
            T::Return,
        ]);
        let graph = graph_of(&f).unwrap();
        assert_eq!(chains(&graph), [vec![0, 1, 2], vec![4], vec![3]]);
        assert!(graph.successors(Bcb(2)).is_empty());
    }

    #[test]
    fn switch_targets_are_deduplicated_and_block_with_two_edges_starts_a_bcb() {
        let f = function_with(vec![T::Switch(vec![1, 1, 2]), T::Goto(2), T::Return]);
        let graph = graph_of(&f).unwrap();
        assert_eq!(chains(&graph), [vec![0], vec![2], vec![1]]);
        assert_eq!(graph.successors(Bcb(0)), [Bcb(2), Bcb(1)]);
        assert_eq!(graph.predecessors(Bcb(1)), [Bcb(0), Bcb(2)]);
    }

    #[test]
    fn unreachable_entry_is_not_instrumented() {
        assert!(graph_of(&function_with(vec![T::Unreachable])).is_none());
    }
}
