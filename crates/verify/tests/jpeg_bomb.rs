//! M4: a crop whose JPEG header declares a huge image is refused before the decoder
//! allocates for it (the allocations of the whole decode are counted here).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use wangban_verify::media::{CROP_SIZE, decode_jpeg};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts the bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: the caller's layout is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A real 192×192 JPEG whose frame header (SOF0 or SOF2) is made to declare 16384×16384.
fn bomb(progressive: bool) -> Vec<u8> {
    let side = CROP_SIZE as u16;
    let rgb: Vec<u8> = (0..usize::from(side) * usize::from(side) * 3).map(|i| (i * 7 % 251) as u8).collect();
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 80);
    encoder.set_progressive(progressive);
    encoder.encode(&rgb, side, side, jpeg_encoder::ColorType::Rgb).expect("encodes");
    let marker = if progressive { 0xC2 } else { 0xC0 };
    let at = jpeg.windows(2).position(|w| w == [0xFF, marker]).expect("a frame header");
    // FF Cx, length (2), precision (1), height (2), width (2).
    jpeg[at + 5..at + 9].copy_from_slice(&[0x40, 0x00, 0x40, 0x00]);
    jpeg
}

#[test]
fn a_jpeg_declaring_a_huge_image_is_refused_without_allocating_for_it() {
    for progressive in [false, true] {
        let bomb = bomb(progressive);
        let before = CURRENT.load(Ordering::SeqCst);
        PEAK.store(before, Ordering::SeqCst);
        let decoded = decode_jpeg(&bomb, CROP_SIZE);
        let peak = PEAK.load(Ordering::SeqCst) - before;
        assert!(decoded.is_err(), "progressive {progressive}: refused");
        assert!(peak < 1024 * 1024, "progressive {progressive}: peak allocation {peak} bytes");
    }
}

#[test]
fn a_real_crop_still_decodes() {
    let side = CROP_SIZE as u16;
    let rgb = vec![128u8; usize::from(side) * usize::from(side) * 3];
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 80).encode(&rgb, side, side, jpeg_encoder::ColorType::Rgb).expect("encodes");
    let decoded = decode_jpeg(&jpeg, CROP_SIZE).expect("decodes");
    assert_eq!(decoded.rgba.len(), CROP_SIZE * CROP_SIZE * 4);
}
