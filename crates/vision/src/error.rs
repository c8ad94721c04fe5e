/// Everything that can go wrong in `wangban-vision`. No input makes this crate panic.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VisionError {
    /// The frame's dimensions do not describe its buffer (zero size, short buffer, short stride).
    #[error("invalid frame: {0}")]
    InvalidFrame(&'static str),
    /// A model file could not be parsed or optimised by tract.
    #[error("cannot load model {model}: {message}")]
    ModelLoad {
        /// The model's [`crate::ModelSpec::name`].
        model: &'static str,
        /// tract's error, an unexpected input shape, or `not loaded` for an optional model.
        message: String,
    },
    /// A model's outputs do not have the shape this crate decodes.
    #[error("model {model} produced unexpected output: {message}")]
    ModelOutput {
        /// The model's [`crate::ModelSpec::name`].
        model: &'static str,
        /// What is wrong with the output.
        message: String,
    },
    /// tract failed while running a model.
    #[error("inference failed in {model}: {message}")]
    Inference {
        /// The model's [`crate::ModelSpec::name`].
        model: &'static str,
        /// tract's error.
        message: String,
    },
}
