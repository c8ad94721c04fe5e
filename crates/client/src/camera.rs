//! The camera: opening it with getUserMedia and grabbing RGBA frames from the `<video>`.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStreamConstraints};

/// Frames wider than this are scaled down before analysis: the detector sees 128 px and the
/// mesh 192 px anyway, and reading back fewer pixels keeps the frame loop fast.
const MAX_ANALYSIS_WIDTH: u32 = 640;

/// Why the camera could not be opened, as the page must explain it to the resident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CameraProblem {
    /// The resident (or a policy) refused the permission.
    Denied,
    /// No camera on this device.
    NotFound,
    /// The camera exists but another program holds it, or it failed to start.
    Unavailable,
    /// The page is not in a secure context, or the browser has no getUserMedia.
    Unsupported,
}

impl CameraProblem {
    fn from_js(err: &JsValue) -> Self {
        let name = js_sys::Reflect::get(err, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "SecurityError" => CameraProblem::Denied,
            "NotFoundError" | "OverconstrainedError" => CameraProblem::NotFound,
            "NotReadableError" | "AbortError" => CameraProblem::Unavailable,
            _ => CameraProblem::Unsupported,
        }
    }
}

/// Opens the front camera (and the microphone when `with_audio`) into `video`.
pub async fn open(video: &HtmlVideoElement, with_audio: bool) -> Result<web_sys::MediaStream, CameraProblem> {
    let devices = web_sys::window()
        .ok_or(CameraProblem::Unsupported)?
        .navigator()
        .media_devices()
        .map_err(|_| CameraProblem::Unsupported)?;
    let constraints = MediaStreamConstraints::new();
    let video_constraints = js_sys::Object::new();
    let set = |o: &js_sys::Object, k: &str, v: JsValue| js_sys::Reflect::set(o, &k.into(), &v).map(drop);
    set(&video_constraints, "facingMode", "user".into()).map_err(|_| CameraProblem::Unsupported)?;
    set(&video_constraints, "width", JsValue::from(640)).map_err(|_| CameraProblem::Unsupported)?;
    constraints.set_video(&video_constraints);
    constraints.set_audio(&JsValue::from(with_audio));
    let promise = devices.get_user_media_with_constraints(&constraints).map_err(|e| CameraProblem::from_js(&e))?;
    let stream: web_sys::MediaStream =
        JsFuture::from(promise).await.map_err(|e| CameraProblem::from_js(&e))?.unchecked_into();
    video.set_muted(true);
    video.set_src_object(Some(&stream));
    if let Ok(p) = video.play() {
        JsFuture::from(p).await.map_err(|e| CameraProblem::from_js(&e))?;
    }
    Ok(stream)
}

/// Reads the current video frame into RGBA pixels through a reusable canvas.
pub struct FrameGrabber {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

pub struct Grabbed {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl FrameGrabber {
    pub fn new() -> Result<Self, JsValue> {
        let (canvas, context) = scratch_canvas(true)?;
        Ok(Self { canvas, context })
    }

    /// `None` until the video has delivered its first frame.
    pub fn grab(&self, video: &HtmlVideoElement) -> Result<Option<Grabbed>, JsValue> {
        let (vw, vh) = (video.video_width(), video.video_height());
        if vw == 0 || vh == 0 {
            return Ok(None);
        }
        let width = vw.min(MAX_ANALYSIS_WIDTH);
        let height = ((vh as u64 * width as u64) / vw as u64).max(1) as u32;
        if self.canvas.width() != width || self.canvas.height() != height {
            self.canvas.set_width(width);
            self.canvas.set_height(height);
        }
        self.context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, width as f64, height as f64)?;
        let data = self.context.get_image_data(0.0, 0.0, width as f64, height as f64)?;
        Ok(Some(Grabbed { width, height, rgba: data.data().0 }))
    }
}

/// A canvas outside the page with its 2-D context; `read_back` when pixels are read from it on
/// every frame (the browser then keeps it in memory instead of on the GPU).
fn scratch_canvas(read_back: bool) -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"willReadFrequently".into(), &read_back.into())?;
    let context: CanvasRenderingContext2d =
        canvas.get_context_with_context_options("2d", &options)?.ok_or("no 2d context")?.unchecked_into();
    Ok((canvas, context))
}

/// Crop and scene JPEGs from the browser's own encoder, through a scratch canvas: the page does not
/// download a second JPEG encoder in wasm.
pub struct CanvasJpeg {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl CanvasJpeg {
    pub fn new() -> Result<Self, JsValue> {
        let (canvas, context) = scratch_canvas(false)?;
        Ok(Self { canvas, context })
    }

    fn encode(&self, rgb: &[u8], side: u32, quality: u8) -> Result<Vec<u8>, JsValue> {
        let mut rgba: Vec<u8> = rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
        let pixels = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(rgba.as_mut_slice()),
            side,
            side,
        )?;
        self.canvas.set_width(side);
        self.canvas.set_height(side);
        self.context.put_image_data(&pixels, 0.0, 0.0)?;
        let url = self
            .canvas
            .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(f64::from(quality) / 100.0))?;
        let base64 = url.strip_prefix("data:image/jpeg;base64,").ok_or("the browser did not encode JPEG")?;
        let binary = web_sys::window().ok_or("no window")?.atob(base64)?;
        // `atob` yields one char per byte, each below 256.
        Ok(binary.chars().map(|c| c as u8).collect())
    }
}

impl wangban_verify::media::JpegEncoder for CanvasJpeg {
    fn encode_rgb(&mut self, rgb: &[u8], side: u32, quality: u8) -> Result<Vec<u8>, String> {
        self.encode(rgb, side, quality).map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
    }
}
