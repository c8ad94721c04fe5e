//! Half-precision weights stored byte-planed: every value's low byte, then every high byte.
//!
//! An `f16`'s high byte (sign, exponent, top of the mantissa) takes few distinct values across a
//! layer's weights, its low byte is close to noise; interleaved, gzip sees neither pattern. Split
//! into two planes the mesh downloads 56 KiB smaller (gzip -9: 1093.8 → 1037.5 KiB), with the same
//! bits once joined.
//! The archive names such tensors `<label>.planes` instead of `<label>.dat`; [`PlanesLoader`]
//! joins them and hands the usual NNEF tensor file to tract.

use std::path::Path;

use tract_core::internal::*;
use tract_nnef::internal::{Nnef, Resource, ResourceLoader};
use tract_nnef::resource::resource_path_to_id;

/// The extension of a byte-planed tensor file in the archive.
pub const EXTENSION: &str = "planes";

/// NNEF tensor files start with a fixed-size header, then the values.
const NNEF_HEADER_BYTES: usize = 128;

/// An NNEF tensor file of 2-byte values, its values split into planes (header unchanged).
#[cfg(any(feature = "onnx", test))]
pub fn split(tensor_file: &[u8]) -> TractResult<Vec<u8>> {
    let values = values_of(tensor_file)?;
    let mut planed = tensor_file[..NNEF_HEADER_BYTES].to_vec();
    planed.extend(values.chunks_exact(2).map(|v| v[0]));
    planed.extend(values.chunks_exact(2).map(|v| v[1]));
    Ok(planed)
}

/// The inverse of [`split`].
pub fn join(planed: &[u8]) -> TractResult<Vec<u8>> {
    let values = values_of(planed)?;
    let (low, high) = values.split_at(values.len() / 2);
    let mut tensor_file = planed[..NNEF_HEADER_BYTES].to_vec();
    tensor_file.extend(low.iter().zip(high).flat_map(|(l, h)| [*l, *h]));
    Ok(tensor_file)
}

fn values_of(file: &[u8]) -> TractResult<&[u8]> {
    let values = file.get(NNEF_HEADER_BYTES..).context("tensor file shorter than its header")?;
    ensure!(values.len() % 2 == 0, "odd number of bytes for 2-byte values");
    Ok(values)
}

/// Reads `<label>.planes` archive entries as the tensor `<label>`.
#[derive(Debug)]
pub struct PlanesLoader;

impl ResourceLoader for PlanesLoader {
    fn name(&self) -> StaticName {
        "PlanesLoader".into()
    }

    fn try_load(
        &self,
        path: &Path,
        reader: &mut dyn std::io::Read,
        _framework: &Nnef,
    ) -> TractResult<Option<(String, Arc<dyn Resource>)>> {
        if path.extension().is_none_or(|e| e != EXTENSION) {
            return Ok(None);
        }
        let mut planed = Vec::new();
        reader.read_to_end(&mut planed)?;
        let tensor = tract_nnef::tensors::read_tensor(join(&planed)?.as_slice())
            .with_context(|| format!("reading tensor {path:?}"))?;
        Ok(Some((resource_path_to_id(path)?, Arc::new(tensor))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planes_join_back_to_the_same_bytes() {
        let tensor = tensor1(&[1.5f32, -2.0, 0.0, 65504.0, 1.0 / 1024.0]).cast_to::<f16>().unwrap().into_owned();
        let mut file = Vec::new();
        tract_nnef::tensors::write_tensor(&mut file, &tensor).unwrap();
        let planed = split(&file).unwrap();
        assert_eq!(planed.len(), file.len());
        assert_ne!(planed, file);
        assert_eq!(join(&planed).unwrap(), file);
        assert!(join(&file[..NNEF_HEADER_BYTES - 1]).is_err());
        assert!(join(&file[..file.len() - 1]).is_err());
    }
}
