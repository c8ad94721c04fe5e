/// Everything that can go wrong in `wangban-vision`. No input makes this crate panic.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VisionError {
    /// The frame's dimensions do not describe its buffer (zero size, short buffer, short stride).
    #[error("invalid frame: {0}")]
    InvalidFrame(&'static str),
    /// A model file could not be parsed or optimised by tract.
    #[error("cannot load model {model}: {message}")]
    ModelLoad { model: &'static str, message: String },
    /// A model's outputs do not have the shape this crate decodes.
    #[error("model {model} produced unexpected output: {message}")]
    ModelOutput { model: &'static str, message: String },
    /// tract failed while running a model.
    #[error("inference failed in {model}: {message}")]
    Inference { model: &'static str, message: String },
}
