//! Charts as PNG images, for the Word document: the same SVG the web page shows,
//! drawn by resvg with a bundled font (Liberation Serif, metric-compatible with
//! Times New Roman, SIL Open Font License), so the picture is the same on every
//! machine whatever fonts it has.

use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");

/// Pixels per SVG unit: 2 gives about 200 dots per inch at the sizes the report uses.
pub const SCALE: f32 = 2.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(REGULAR.to_vec());
            db.load_font_data(BOLD.to_vec());
            db.set_serif_family("Liberation Serif");
            Arc::new(db)
        })
        .clone()
}

/// A PNG image of the SVG and its size in pixels.
pub fn png(svg: &str) -> anyhow::Result<(Vec<u8>, u32, u32)> {
    let options = usvg::Options {
        font_family: "Liberation Serif".into(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or_else(|| anyhow::anyhow!("a chart has no size to draw"))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow::anyhow!("a chart is too large to draw"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    Ok((pixmap.encode_png()?, size.width(), size.height()))
}
