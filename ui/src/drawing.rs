//! Drawing in the young person's space: a canvas for a mouse, a finger or a pen, with a few
//! colours and sizes, undo and clear, kept as a PNG attachment of kind "drawing".
//!
//! The picture is a list of strokes ([`Sketch`]) redrawn whenever it changes, so undo is
//! taking the last stroke away. Freehand drawing has no keyboard equivalent (WCAG 2.1.1
//! excepts path-dependent input); adding a picture from a file stays beside it.

use crate::i18n::{t, tr, Lang};
use crate::ipc;
use northstar_schema::YoungPersonSpace;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};
use yew::prelude::*;

/// The canvas's own size in pixels; it is shown scaled to the space it has.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 400.0;

/// The colours offered, with their names for screen readers.
pub const COLOURS: [(&str, &str); 6] = [
    ("#1b1b1b", "black"),
    ("#c62828", "red"),
    ("#1565c0", "blue"),
    ("#2e7d32", "green"),
    ("#f9a825", "yellow"),
    ("#6a1b9a", "purple"),
];

/// The pen sizes offered.
pub const SIZES: [(f64, &str); 3] = [(3.0, "thin"), (8.0, "medium"), (18.0, "thick")];

/// One line drawn without lifting the pen.
#[derive(Clone, Debug, PartialEq)]
pub struct Stroke {
    pub colour: &'static str,
    pub size: f64,
    pub points: Vec<(f64, f64)>,
}

/// The drawing so far: the strokes in the order they were drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sketch {
    pub strokes: Vec<Stroke>,
}

impl Sketch {
    pub fn start(&mut self, colour: &'static str, size: f64, at: (f64, f64)) {
        self.strokes.push(Stroke {
            colour,
            size,
            points: vec![at],
        });
    }

    pub fn extend(&mut self, at: (f64, f64)) {
        if let Some(stroke) = self.strokes.last_mut() {
            stroke.points.push(at);
        }
    }

    pub fn undo(&mut self) {
        self.strokes.pop();
    }

    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Paints `sketch` on a white page.
fn paint(canvas: &HtmlCanvasElement, sketch: &Sketch) {
    let Some(cx) = context(canvas) else { return };
    cx.set_fill_style_str("#ffffff");
    cx.fill_rect(0.0, 0.0, WIDTH, HEIGHT);
    cx.set_line_cap("round");
    cx.set_line_join("round");
    for stroke in &sketch.strokes {
        cx.set_stroke_style_str(stroke.colour);
        cx.set_fill_style_str(stroke.colour);
        cx.set_line_width(stroke.size);
        match stroke.points.as_slice() {
            [] => {}
            // A tap leaves a dot.
            [(x, y)] => {
                cx.begin_path();
                let _ = cx.arc(*x, *y, stroke.size / 2.0, 0.0, std::f64::consts::TAU);
                cx.fill();
            }
            [(x, y), rest @ ..] => {
                cx.begin_path();
                cx.move_to(*x, *y);
                for (x, y) in rest {
                    cx.line_to(*x, *y);
                }
                cx.stroke();
            }
        }
    }
}

/// Where a pointer event falls on the canvas, in the canvas's own pixels.
fn at(canvas: &HtmlCanvasElement, e: &PointerEvent) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let sx = WIDTH / rect.width().max(1.0);
    let sy = HEIGHT / rect.height().max(1.0);
    (
        (f64::from(e.client_x()) - rect.left()) * sx,
        (f64::from(e.client_y()) - rect.top()) * sy,
    )
}

/// The canvas as PNG bytes.
fn png_bytes(canvas: &HtmlCanvasElement) -> Option<js_sys::Uint8Array> {
    let url = canvas.to_data_url_with_type("image/png").ok()?;
    let encoded = url.split_once(',')?.1;
    let binary = web_sys::window()?.atob(encoded).ok()?;
    let bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
    Some(js_sys::Uint8Array::from(bytes.as_slice()))
}

#[derive(Properties, PartialEq)]
pub struct DrawingPadProps {
    pub review_id: String,
    pub contribution_id: String,
    /// What the drawing goes with, for names read aloud.
    pub about: String,
    /// The space as the engine has it after the drawing was kept (or why it was not).
    pub on_space: Callback<Result<YoungPersonSpace, String>>,
    pub on_close: Callback<()>,
}

/// The drawing pad, shown under the contribution it belongs to.
#[function_component(DrawingPad)]
pub fn drawing_pad(p: &DrawingPadProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let canvas = use_node_ref();
    let sketch = use_mut_ref(Sketch::default);
    let drawing = use_mut_ref(|| false);
    let colour = use_state(|| COLOURS[0].0);
    let size = use_state(|| SIZES[1].0);
    // Bumped on every change, so the buttons that depend on there being a drawing update.
    let strokes = use_state(|| 0usize);
    let saving = use_state(|| false);
    {
        let (canvas, sketch) = (canvas.clone(), sketch.clone());
        use_effect_with((), move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                paint(&c, &sketch.borrow());
            }
        });
    }
    let redraw = {
        let (canvas, sketch, strokes) = (canvas.clone(), sketch.clone(), strokes.clone());
        move || {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                paint(&c, &sketch.borrow());
            }
            strokes.set(sketch.borrow().strokes.len());
        }
    };
    let onpointerdown = {
        let (canvas, sketch, drawing, colour, size) = (
            canvas.clone(),
            sketch.clone(),
            drawing.clone(),
            colour.clone(),
            size.clone(),
        );
        let redraw = redraw.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            e.prevent_default();
            let _ = c.set_pointer_capture(e.pointer_id());
            *drawing.borrow_mut() = true;
            sketch.borrow_mut().start(*colour, *size, at(&c, &e));
            redraw();
        })
    };
    let onpointermove = {
        let (canvas, sketch, drawing) = (canvas.clone(), sketch.clone(), drawing.clone());
        Callback::from(move |e: PointerEvent| {
            if !*drawing.borrow() {
                return;
            }
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            sketch.borrow_mut().extend(at(&c, &e));
            paint(&c, &sketch.borrow());
        })
    };
    let onpointerup = {
        let drawing = drawing.clone();
        Callback::from(move |_: PointerEvent| *drawing.borrow_mut() = false)
    };
    let undo = {
        let (sketch, redraw) = (sketch.clone(), redraw.clone());
        Callback::from(move |_| {
            sketch.borrow_mut().undo();
            redraw();
        })
    };
    let clear = {
        let (sketch, redraw) = (sketch.clone(), redraw.clone());
        Callback::from(move |_| {
            *sketch.borrow_mut() = Sketch::default();
            redraw();
        })
    };
    let keep = {
        let (canvas, saving) = (canvas.clone(), saving.clone());
        let (review_id, contribution_id) = (p.review_id.clone(), p.contribution_id.clone());
        let (on_space, on_close) = (p.on_space.clone(), p.on_close.clone());
        Callback::from(move |_| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let Some(bytes) = png_bytes(&c) else {
                on_space.emit(Err(t(lang, "drawing-not-kept")));
                return;
            };
            saving.set(true);
            let (review_id, contribution_id) = (review_id.clone(), contribution_id.clone());
            let (on_space, on_close, saving) = (on_space.clone(), on_close.clone(), saving.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result =
                    ipc::attach(&review_id, &contribution_id, "drawing", "image/png", &bytes).await;
                saving.set(false);
                let kept = result.is_ok();
                on_space.emit(result);
                if kept {
                    on_close.emit(());
                }
            });
        })
    };
    let close = {
        let on_close = p.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let empty = *strokes == 0;
    html! {
        <div class="drawing-pad" role="group" aria-label={tr(lang, "draw-group", &[("item", &p.about)])}>
            <canvas ref={canvas} class="drawing-canvas" width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={tr(lang, "drawing-for", &[("item", &p.about)])}
                {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup} />
            <fieldset class="pen-colours">
                <legend>{ t(lang, "colour") }</legend>
                { for COLOURS.iter().map(|(value, name)| {
                    let on = *colour == *value;
                    let colour = colour.clone();
                    let value: &'static str = value;
                    let name = t(lang, &format!("colour-{name}"));
                    html! {
                        <button type="button" class="swatch" aria-pressed={on.to_string()} aria-label={name.clone()} title={name}
                            style={format!("background: {value}")} onclick={Callback::from(move |_| colour.set(value))} />
                    }
                }) }
            </fieldset>
            <fieldset class="pen-sizes">
                <legend>{ t(lang, "pen") }</legend>
                { for SIZES.iter().map(|(value, name)| {
                    let on = *size == *value;
                    let size = size.clone();
                    let value = *value;
                    html! {
                        <button type="button" class="button calm" aria-pressed={on.to_string()} onclick={Callback::from(move |_| size.set(value))}>{ t(lang, &format!("pen-{name}")) }</button>
                    }
                }) }
            </fieldset>
            <div class="row">
                <button type="button" class="button calm" id="drawing-undo" disabled={empty} onclick={undo}>{ t(lang, "undo") }</button>
                <button type="button" class="button calm" id="drawing-clear" disabled={empty} onclick={clear}>{ t(lang, "start-again") }</button>
                <button type="button" class="button primary" id="drawing-keep" disabled={empty || *saving} onclick={keep}>
                    { if *saving { t(lang, "keeping") } else { t(lang, "keep-drawing") } }
                </button>
                <button type="button" class="button subtle" id="drawing-close" onclick={close}>{ t(lang, "close") }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_takes_away_the_last_stroke_only() {
        let mut sketch = Sketch::default();
        sketch.start("#1b1b1b", 3.0, (1.0, 1.0));
        sketch.extend((5.0, 5.0));
        sketch.start("#c62828", 8.0, (9.0, 9.0));
        sketch.undo();
        assert_eq!(sketch.strokes.len(), 1);
        assert_eq!(sketch.strokes[0].points, [(1.0, 1.0), (5.0, 5.0)]);
        sketch.undo();
        assert!(sketch.is_empty());
        sketch.undo();
        sketch.extend((2.0, 2.0));
        assert!(
            sketch.is_empty(),
            "a move with no stroke started draws nothing"
        );
    }
}

#[derive(Properties, PartialEq)]
pub struct DrawProps {
    pub review_id: String,
    pub contribution_id: String,
    pub about: String,
    pub on_space: Callback<Result<YoungPersonSpace, String>>,
}

/// "Draw a picture": opens the drawing pad under the contribution.
#[function_component(Draw)]
pub fn draw(p: &DrawProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    let id = format!("draw-{}", p.contribution_id);
    html! {
        <>
            <button type="button" class="button calm" id={id} aria-expanded={open.to_string()} onclick={toggle}>{ t(lang, "draw-picture") }</button>
            if *open {
                <DrawingPad review_id={p.review_id.clone()} contribution_id={p.contribution_id.clone()}
                    about={p.about.clone()} on_space={p.on_space.clone()} {on_close} />
            }
        </>
    }
}
