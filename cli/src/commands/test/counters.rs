//! The coverage counters of tests running in forked workers. Compiled code increments the
//! counters at one fixed address, the *home* block. Each worker slot has a block of its own
//! in a shared memory file; a worker maps its slot's block over the home block when it
//! starts, so its counts land in memory the parent sees, survive a crash or a kill, and
//! stay apart from the counts of tests running at the same time. When a test is done (and
//! its worker idle or gone), the parent takes the slot's counts (adding them to the totals,
//! or writing them as the test's own profile) and zeroes the slot for the next test.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::ptr::NonNull;

use crate::failure::Failure;

pub struct CounterSlots {
    /// The counters' size in bytes.
    size: usize,
    /// `size` rounded up to whole pages: the size of the home block and of each slot.
    block: usize,
    home: NonNull<u8>,
    /// Slot `k` is at offset `k * block` of the file.
    file: OwnedFd,
    /// The parent's mapping of the whole file.
    slots: NonNull<u8>,
    slot_count: usize,
}

impl CounterSlots {
    /// `slot_count` slots for `size` bytes of counters (`size` > 0).
    pub fn new(size: usize, slot_count: usize) -> Result<CounterSlots, Failure> {
        let error = |what: &str| {
            let cause = io::Error::last_os_error();
            Failure::error(format!(
                "couldn't {what} for the coverage counters: {cause}"
            ))
        };
        let block = size.div_ceil(page_size()) * page_size();
        // SAFETY: plain system calls; every result is checked before use.
        unsafe {
            let fd = libc::memfd_create(c"clifcov-counters".as_ptr(), libc::MFD_CLOEXEC);
            if fd < 0 {
                return Err(error("create shared memory"));
            }
            let file = OwnedFd::from_raw_fd(fd);
            let file_size = block * slot_count;
            if libc::ftruncate(fd, file_size as libc::off_t) != 0 {
                return Err(error("size shared memory"));
            }
            let slots = map(std::ptr::null_mut(), file_size, libc::MAP_SHARED, fd, 0)
                .ok_or_else(|| error("map shared memory"))?;
            let private = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS;
            let home = map(std::ptr::null_mut(), block, private, -1, 0)
                .ok_or_else(|| error("reserve memory"))?;
            Ok(CounterSlots {
                size,
                block,
                home,
                file,
                slots,
                slot_count,
            })
        }
    }

    /// Where compiled code finds the counters.
    pub fn home(&self) -> *mut u8 {
        self.home.as_ptr()
    }

    /// In a worker: puts slot `slot` in place of the home block.
    pub fn map_slot_at_home(&self, slot: usize) -> Result<(), io::Error> {
        let flags = libc::MAP_SHARED | libc::MAP_FIXED;
        let offset = (slot * self.block) as libc::off_t;
        // SAFETY: replaces the home block, which only compiled code uses, with a mapping
        // of the same size.
        let mapped = unsafe {
            map(
                self.home.as_ptr().cast(),
                self.block,
                flags,
                self.file.as_raw_fd(),
                offset,
            )
        };
        match mapped {
            Some(address) if address == self.home => Ok(()),
            _ => Err(io::Error::last_os_error()),
        }
    }

    /// The counts of slot `slot`, which is zeroed for the next test.
    pub fn take(&mut self, slot: usize) -> Vec<u64> {
        assert!(slot < self.slot_count, "counter slot {slot} out of range");
        // SAFETY: the slot lies inside the parent's mapping of the file, and no test runs
        // in it while the parent takes it (its worker is idle or gone).
        let bytes = unsafe {
            std::slice::from_raw_parts_mut(self.slots.as_ptr().add(slot * self.block), self.size)
        };
        let counts = bytes
            .chunks_exact(8)
            .map(|chunk| u64::from_ne_bytes(chunk.try_into().expect("8-byte chunk")))
            .collect();
        bytes.fill(0);
        counts
    }
}

impl Drop for CounterSlots {
    fn drop(&mut self) {
        // SAFETY: both mappings were made by `new` and are not used after this.
        unsafe {
            libc::munmap(self.slots.as_ptr().cast(), self.block * self.slot_count);
            libc::munmap(self.home.as_ptr().cast(), self.block);
        }
    }
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096).max(4096)
}

/// `mmap` with read and write access; `None` on failure.
///
/// # Safety
/// As `mmap`'s: a fixed `address` replaces whatever was mapped there.
unsafe fn map(
    address: *mut libc::c_void,
    len: usize,
    flags: libc::c_int,
    fd: libc::c_int,
    offset: libc::off_t,
) -> Option<NonNull<u8>> {
    let protection = libc::PROT_READ | libc::PROT_WRITE;
    let mapped = libc::mmap(address, len, protection, flags, fd, offset);
    if mapped == libc::MAP_FAILED {
        None
    } else {
        NonNull::new(mapped.cast())
    }
}
