//! Converts the ONNX models in `models/` to the NNEF archives the runtime loads.
//!
//! Usage: `wangban-models <onnx-dir> <out-dir>`. Output is deterministic, so the manifest hash
//! that attestations pin only changes when a model does.

use std::path::PathBuf;
use std::process::ExitCode;

use wangban_vision::ModelSpec;
use wangban_vision::model::onnx_to_nnef;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [onnx_dir, out_dir] = args.as_slice() else {
        eprintln!("usage: wangban-models <onnx-dir> <out-dir>");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("cannot create {}: {e}", out_dir.display());
        return ExitCode::FAILURE;
    }
    for spec in ModelSpec::ALL {
        let src = onnx_dir.join(spec.onnx_file);
        let dst = out_dir.join(spec.nnef_file());
        let converted = std::fs::read(&src)
            .map_err(|e| e.to_string())
            .and_then(|onnx| onnx_to_nnef(spec, &onnx).map_err(|e| e.to_string()))
            .and_then(|nnef| std::fs::write(&dst, nnef).map_err(|e| e.to_string()));
        if let Err(e) = converted {
            eprintln!("{} -> {}: {e}", src.display(), dst.display());
            return ExitCode::FAILURE;
        }
        println!("{} -> {}", src.display(), dst.display());
    }
    ExitCode::SUCCESS
}
