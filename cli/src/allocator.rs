//! The compiler's global allocator: mimalloc, entered through `mi_malloc` whenever that
//! already gives the alignment asked for. The compiler allocates and frees many small objects
//! (syntax trees, IR, Cranelift's per-function data) on several threads at once.
//!
//! `mi_malloc` returns blocks aligned to 16 bytes, and smaller blocks to at least the largest
//! power of two not above their size; `mi_malloc_aligned` gives any alignment, but its fast
//! path only serves a block that happens to be aligned and falls back to a slower general
//! path otherwise. Every Rust layout has a size that is a multiple of its alignment, so
//! requests aligned to at most 16 bytes and no larger than their size are served by the plain
//! functions. Under callgrind at 1000 functions the aligned entry points executed about 5% of
//! the compiler's instructions.
//!
//! mimalloc is built with its `no_thp` feature, so it does not ask for transparent huge pages
//! (`MADV_HUGEPAGE`). Where the kernel grants huge pages only on request (the `madvise`
//! setting, the usual default) a huge-page fault may compact memory first. On the 2-core
//! benchmark machine, right after a rustc build had freed its memory, that made the
//! 1000-function build spend 0.06-0.18 s in the kernel (0.14-0.22 s wall) where 4 KiB pages
//! cost 0.02-0.04 s (0.12-0.13 s wall); at 5000 functions 0.57-0.68 s in the kernel (0.87-0.89 s
//! wall) against 0.10-0.11 s (0.61-0.64 s wall).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// The alignment `mi_malloc` guarantees for blocks of at least this size
/// (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGNMENT: usize = 16;

pub struct MiMalloc;

/// Whether `mi_malloc(size)` is aligned to `align`.
fn plain(size: usize, align: usize) -> bool {
    align <= PLAIN_ALIGNMENT && align <= size
}

// SAFETY: every function forwards to mimalloc, which returns null or a block of at least the
// size asked for with the alignment asked for (the plain functions only where `plain` holds),
// and frees or reallocates only blocks it returned.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        let block = if plain(size, align) {
            mi_malloc(size)
        } else {
            mi_malloc_aligned(size, align)
        };
        block.cast()
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        let block = if plain(size, align) {
            mi_zalloc(size)
        } else {
            mi_zalloc_aligned(size, align)
        };
        block.cast()
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi_free(ptr.cast::<c_void>());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let block = if plain(new_size, layout.align()) {
            mi_realloc(ptr.cast::<c_void>(), new_size)
        } else {
            mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align())
        };
        block.cast()
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    use super::MiMalloc;

    /// Whether the block at `ptr` of `layout` is aligned and holds `size` bytes of `byte`.
    ///
    /// # Safety
    /// `ptr` points to at least `size` initialised bytes.
    unsafe fn holds(ptr: *mut u8, layout: Layout, size: usize, byte: u8) -> bool {
        (ptr as usize).is_multiple_of(layout.align())
            && std::slice::from_raw_parts(ptr, size)
                .iter()
                .all(|&b| b == byte)
    }

    /// Allocates, grows, shrinks and frees blocks of every size up to 2 KiB (and some larger)
    /// at every alignment from 1 to 64 bytes, checking each block's alignment and contents.
    #[test]
    fn blocks_have_the_alignment_and_contents_asked_for() {
        let sizes = (1..=2048).chain([4095, 4096, 65536, 1 << 20]);
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64] {
                let layout = Layout::from_size_align(size, align).unwrap().pad_to_align();
                let size = layout.size();
                let grown = Layout::from_size_align(size * 3, align).unwrap();
                let shrunk = Layout::from_size_align(size.div_ceil(2), align)
                    .unwrap()
                    .pad_to_align();
                // SAFETY: every layout has a non-zero size; each block is used within its
                // size and freed once, with the layout it has.
                unsafe {
                    let zeroed = MiMalloc.alloc_zeroed(layout);
                    assert!(holds(zeroed, layout, size, 0), "{layout:?}");
                    MiMalloc.dealloc(zeroed, layout);
                    let block = MiMalloc.alloc(layout);
                    block.write_bytes(0xa5, size);
                    assert!(holds(block, layout, size, 0xa5), "{layout:?}");
                    let block = MiMalloc.realloc(block, layout, grown.size());
                    assert!(holds(block, grown, size, 0xa5), "{grown:?}");
                    let block = MiMalloc.realloc(block, grown, shrunk.size());
                    assert!(holds(block, shrunk, shrunk.size(), 0xa5), "{shrunk:?}");
                    MiMalloc.dealloc(block, shrunk);
                }
            }
        }
    }
}
