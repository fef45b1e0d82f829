//! Mutable runtime state kept in statics. Programs built by clifcov run on one thread, and
//! every access goes through `Global::with` with a closure that never re-enters it.

use core::cell::UnsafeCell;

pub struct Global<T>(UnsafeCell<T>);

// SAFETY: generated programs are single-threaded; accesses never overlap (see `with`).
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    pub const fn new(value: T) -> Self {
        Global(UnsafeCell::new(value))
    }

    /// Runs `f` on the state. `f` must not call `with` on the same global.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // SAFETY: single thread, and no closure passed here re-enters this global, so this
        // is the only live reference.
        f(unsafe { &mut *self.0.get() })
    }
}
