//! The coverage counters of tests running in forked workers. Compiled code increments the
//! counters at one fixed address, the *home* block. Each worker slot has a block of its own
//! in a shared memory file; a worker maps its slot's block over the home block when it
//! starts, so its counts land in memory the parent sees, survive a crash or a kill, and
//! stay apart from the counts of tests running at the same time. When a test is done (and
//! its worker idle or gone), the parent takes the slot's counts (adding them to the totals,
//! or writing them as the test's own profile) and resets the slot for the next test. Byte
//! counters (0xFF until their block runs, then 0) are taken as counts of 1 or 0.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::ptr::NonNull;

use clifcov_backend::CounterMode;

use crate::failure::Failure;

pub struct CounterSlots {
    /// The counters' size in bytes.
    size: usize,
    /// How the compiled code updates them.
    mode: CounterMode,
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
    /// `slot_count` slots for `size` bytes of counters (`size` > 0) updated as `mode` says,
    /// each slot and the home block holding the counters' value before any run.
    pub fn new(size: usize, mode: CounterMode, slot_count: usize) -> Result<CounterSlots, Failure> {
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
            let initial = mode.initial_byte();
            std::slice::from_raw_parts_mut(slots.as_ptr(), file_size).fill(initial);
            std::slice::from_raw_parts_mut(home.as_ptr(), block).fill(initial);
            Ok(CounterSlots {
                size,
                mode,
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

    /// The counts of slot `slot` (for byte counters, 1 for a block that ran), which is reset
    /// for the next test.
    pub fn take(&mut self, slot: usize) -> Vec<u64> {
        assert!(slot < self.slot_count, "counter slot {slot} out of range");
        // SAFETY: the slot lies inside the parent's mapping of the file, and no test runs
        // in it while the parent takes it (its worker is idle or gone).
        let bytes = unsafe {
            std::slice::from_raw_parts_mut(self.slots.as_ptr().add(slot * self.block), self.size)
        };
        let counts = counts(bytes, self.mode);
        bytes.fill(self.mode.initial_byte());
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

/// The counts that counters of `mode` hold in `bytes`.
fn counts(bytes: &[u8], mode: CounterMode) -> Vec<u64> {
    match mode {
        CounterMode::Plain | CounterMode::Atomic => bytes
            .chunks_exact(8)
            .map(|chunk| u64::from_ne_bytes(chunk.try_into().expect("8-byte chunk")))
            .collect(),
        CounterMode::Byte => bytes.iter().map(|&byte| u64::from(byte == 0)).collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `bytes` into slot `slot` as a worker's code would.
    fn write_slot(slots: &CounterSlots, slot: usize, bytes: &[u8]) {
        // SAFETY: within the parent's mapping of the file, no worker running.
        unsafe {
            let start = slots.slots.as_ptr().add(slot * slots.block);
            std::slice::from_raw_parts_mut(start, bytes.len()).copy_from_slice(bytes);
        }
    }

    fn home(slots: &CounterSlots) -> Vec<u8> {
        // SAFETY: the home block is `block` bytes long.
        unsafe { std::slice::from_raw_parts(slots.home.as_ptr(), slots.size).to_vec() }
    }

    #[test]
    fn wide_counters_start_at_zero_and_are_taken_as_counts() {
        let mut slots = CounterSlots::new(16, CounterMode::Atomic, 2).unwrap();
        assert_eq!(home(&slots), [0; 16]);
        let mut bytes = 7u64.to_ne_bytes().to_vec();
        bytes.extend(300u64.to_ne_bytes());
        write_slot(&slots, 1, &bytes);
        assert_eq!(slots.take(1), [7, 300]);
        assert_eq!(slots.take(1), [0, 0]);
        assert_eq!(slots.take(0), [0, 0]);
    }

    #[test]
    fn byte_counters_start_unset_and_count_one_once_their_block_ran() {
        let mut slots = CounterSlots::new(5, CounterMode::Byte, 2).unwrap();
        assert_eq!(home(&slots), [0xff; 5]);
        assert_eq!(slots.take(0), [0; 5]);
        write_slot(&slots, 1, &[0xff, 0, 0xff, 0xff, 0]);
        assert_eq!(slots.take(1), [0, 1, 0, 0, 1]);
        assert_eq!(slots.take(1), [0; 5], "reset to 0xFF for the next test");
    }
}
