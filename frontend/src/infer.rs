//! Types during type checking: known types, integer inference variables (rustc's
//! `{integer}`), the never type and an error type that silences follow-up errors; and the
//! union-find table that unifies integer variables.

use clifcov_ir::Ty;

/// An integer inference variable: an integer type not known yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntVar(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InferTy {
    Known(Ty),
    Int(IntVar),
    /// The type of expressions that never produce a value (`return`, `panic!()`...).
    Never,
    /// The type of an expression that already has an error.
    Error,
}

impl InferTy {
    pub const UNIT: InferTy = InferTy::Known(Ty::Unit);
    pub const BOOL: InferTy = InferTy::Known(Ty::Bool);

    /// True for integer types and integer variables.
    pub fn is_integral(self) -> bool {
        match self {
            InferTy::Known(ty) => ty.is_integer(),
            InferTy::Int(_) => true,
            _ => false,
        }
    }

    /// True for types that need no further error reports.
    pub fn is_never_or_error(self) -> bool {
        matches!(self, InferTy::Never | InferTy::Error)
    }
}

/// Union-find over integer variables, each root optionally bound to an integer type.
#[derive(Debug, Default)]
pub struct InferTable {
    parent: Vec<u32>,
    value: Vec<Option<Ty>>,
}

impl InferTable {
    pub fn new_int_var(&mut self) -> InferTy {
        let id = self.parent.len() as u32;
        self.parent.push(id);
        self.value.push(None);
        InferTy::Int(IntVar(id))
    }

    fn root(&mut self, var: IntVar) -> u32 {
        let mut id = var.0;
        while self.parent[id as usize] != id {
            let grandparent = self.parent[self.parent[id as usize] as usize];
            self.parent[id as usize] = grandparent;
            id = grandparent;
        }
        id
    }

    /// The type with its variable replaced by what it is bound to, if anything.
    pub fn shallow_resolve(&mut self, ty: InferTy) -> InferTy {
        match ty {
            InferTy::Int(var) => {
                let root = self.root(var);
                match self.value[root as usize] {
                    Some(known) => InferTy::Known(known),
                    None => InferTy::Int(IntVar(root)),
                }
            }
            other => other,
        }
    }

    /// Makes two types equal, binding variables as needed; on failure returns both types
    /// resolved. `Never` and `Error` are compatible with everything.
    pub fn unify(&mut self, a: InferTy, b: InferTy) -> Result<InferTy, (InferTy, InferTy)> {
        let (a, b) = (self.shallow_resolve(a), self.shallow_resolve(b));
        match (a, b) {
            (InferTy::Error, other) | (other, InferTy::Error) => Ok(other),
            (InferTy::Never, other) | (other, InferTy::Never) => Ok(other),
            (InferTy::Known(x), InferTy::Known(y)) if x == y => Ok(a),
            (InferTy::Int(var), InferTy::Known(ty)) | (InferTy::Known(ty), InferTy::Int(var))
                if ty.is_integer() =>
            {
                let root = self.root(var);
                self.value[root as usize] = Some(ty);
                Ok(InferTy::Known(ty))
            }
            (InferTy::Int(x), InferTy::Int(y)) => {
                let (rx, ry) = (self.root(x), self.root(y));
                if rx != ry {
                    self.parent[rx as usize] = ry;
                }
                Ok(InferTy::Int(IntVar(ry)))
            }
            _ => Err((a, b)),
        }
    }

    /// The final type: unbound integer variables default to `i32` (and stay so).
    pub fn finalize(&mut self, ty: InferTy) -> FinalTy {
        match self.shallow_resolve(ty) {
            InferTy::Known(ty) => FinalTy::Ty(ty),
            InferTy::Int(var) => {
                let root = self.root(var);
                self.value[root as usize] = Some(Ty::I32);
                FinalTy::Ty(Ty::I32)
            }
            InferTy::Never => FinalTy::Never,
            InferTy::Error => FinalTy::Error,
        }
    }

    /// How rustc names the type in messages: `` `u8` ``, `integer`, `` `!` ``.
    pub fn describe(&mut self, ty: InferTy) -> String {
        match self.shallow_resolve(ty) {
            InferTy::Known(ty) => format!("`{ty}`"),
            InferTy::Int(_) => "integer".to_string(),
            InferTy::Never => "`!`".to_string(),
            InferTy::Error => "`{type error}`".to_string(),
        }
    }
}

/// A type after inference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalTy {
    Ty(Ty),
    Never,
    Error,
}

impl FinalTy {
    /// The type a value of this type is stored as (`!` and errors as `()`).
    pub fn storage(self) -> Ty {
        match self {
            FinalTy::Ty(ty) => ty,
            FinalTy::Never | FinalTy::Error => Ty::Unit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_bind_through_unions() {
        let mut table = InferTable::default();
        let (a, b, c) = (
            table.new_int_var(),
            table.new_int_var(),
            table.new_int_var(),
        );
        table.unify(a, b).unwrap();
        table.unify(c, b).unwrap();
        table.unify(a, InferTy::Known(Ty::U8)).unwrap();
        assert_eq!(table.finalize(c), FinalTy::Ty(Ty::U8));
    }

    #[test]
    fn unconstrained_variables_default_to_i32() {
        let mut table = InferTable::default();
        let (a, b) = (table.new_int_var(), table.new_int_var());
        table.unify(a, b).unwrap();
        assert_eq!(table.finalize(a), FinalTy::Ty(Ty::I32));
        assert_eq!(table.finalize(b), FinalTy::Ty(Ty::I32));
    }

    #[test]
    fn mismatches() {
        let mut table = InferTable::default();
        let a = table.new_int_var();
        assert!(table.unify(a, InferTy::BOOL).is_err());
        assert!(table
            .unify(InferTy::Known(Ty::U8), InferTy::Known(Ty::I8))
            .is_err());
        table.unify(a, InferTy::Known(Ty::U16)).unwrap();
        assert_eq!(
            table.unify(a, InferTy::Known(Ty::U32)),
            Err((InferTy::Known(Ty::U16), InferTy::Known(Ty::U32)))
        );
        assert_eq!(table.describe(InferTy::BOOL), "`bool`");
    }

    #[test]
    fn never_and_error_fit_anything() {
        let mut table = InferTable::default();
        assert_eq!(
            table.unify(InferTy::Never, InferTy::BOOL),
            Ok(InferTy::BOOL)
        );
        assert_eq!(
            table.unify(InferTy::Known(Ty::U8), InferTy::Error),
            Ok(InferTy::Known(Ty::U8))
        );
    }
}
