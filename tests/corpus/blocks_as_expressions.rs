// Blocks as expressions: values of nested blocks, unit blocks, blocks in arguments and conditions.
fn f(a: i32, b: i32) -> i32 {
    a * 10 + b
}

fn block_tail(v: i32) -> i32 {
    {
        let w = v + 1;
        {
            w * 2
        }
    }
}

#[allow(unused_braces)]
fn main() {
    let a = {
        let p = 3;
        let q = 4;
        p * p + q * q
    };
    println!("a {a}");
    let b = f({ 1 + 1 }, {
        let t = a;
        t - 20
    });
    println!("b {b}");
    let c: () = {
        println!("unit block");
    };
    let _ = c;
    if {
        let k = a;
        k > 20
    } {
        println!("block condition true");
    }
    let d = {
        {
            {
                7
            }
        }
    };
    println!("d {d} {}", block_tail(d));
    let mut counter = 0;
    let e = {
        counter += 1;
        counter += 1;
        counter * 100
    };
    println!("e {e} counter {counter}");
    let g = 1 + { 2 * 3 } + {
        let h = 4;
        h
    };
    println!("g {g}");
    let flag = { a == 25 } && { b > 0 };
    println!("flag {flag}");
}
