//! Where a model's time goes, operator by operator, natively (what guided the PReLU rewrite in
//! `model::onnx_to_nnef`).
//!
//! `cargo run --release -p wangban-vision --example operator_profile -- www/models/mesh.nnef.tar`

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tract_core::prelude::*;
use wangban_vision::ModelSpec;
use wangban_vision::model::{optimized, typed_from_nnef};

const RUNS: u32 = 50;

fn main() -> TractResult<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "www/models/mesh.nnef.tar".into());
    let spec = ModelSpec::ALL
        .into_iter()
        .find(|s| path.ends_with(&s.nnef_file()))
        .ok_or_else(|| tract_core::internal::format_err!("{path} is none of the runtime models"))?;
    let plan = optimized(typed_from_nnef(&std::fs::read(&path)?)?)?.into_runnable()?;
    let mut state = plan.spawn()?;
    let input = Tensor::zero::<f32>(&spec.input_shape)?;
    let mut per_op: HashMap<String, (Duration, u32)> = HashMap::new();
    for _ in 0..RUNS {
        state.run_plan_with_eval(tvec!(input.clone().into_tvalue()), |session, op_state, node, inputs| {
            let started = Instant::now();
            let outputs = tract_core::plan::eval(session, op_state, node, inputs);
            let entry = per_op.entry(node.op().name().to_string()).or_default();
            entry.0 += started.elapsed();
            entry.1 += 1;
            outputs
        })?;
    }
    let mut rows: Vec<_> = per_op.into_iter().collect();
    rows.sort_by_key(|(_, (time, _))| std::cmp::Reverse(*time));
    let total: Duration = rows.iter().map(|(_, (time, _))| *time).sum();
    println!("{}: {:.3} ms per run", spec.name, total.as_secs_f64() * 1000.0 / f64::from(RUNS));
    for (op, (time, count)) in rows {
        println!("{:>9.3} ms {:>4} × {op}", time.as_secs_f64() * 1000.0 / f64::from(RUNS), count / RUNS);
    }
    Ok(())
}
