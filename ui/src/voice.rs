//! Recording a voice note in the young person's space: record, listen back, then keep it or
//! record again. The recording is kept as an attachment of kind "voice-note".
//!
//! The webview's Web Audio hands over the microphone's sound, which is kept as a 16 kHz mono
//! WAV file ([`downsample`], [`wav`]), so nothing is sent anywhere: the bytes go straight to
//! the local store like a drawing. The shell grants microphone access
//! only (see the desktop's `microphone.rs`). Where there is no microphone, or it is switched
//! off, the young person is told so in plain words and adding a recording from a file stays
//! beside it.

use crate::i18n::{t, tr, Lang};
use crate::ipc;
use northstar_schema::YoungPersonSpace;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, AudioProcessingEvent, Blob, MediaStream, ScriptProcessorNode};
use yew::prelude::*;

/// A recording stops by itself after this long, so a forgotten recorder cannot fill the disk
/// or pass the 8 MB attachment limit (four minutes at [`RATE`] is about 7.7 MB).
pub const LONGEST_SECONDS: u32 = 4 * 60;

/// The sample rate kept: plenty for speech (telephones use 8 kHz), and small.
pub const RATE: u32 = 16_000;

/// Turns the webview's samples (floats from -1 to 1, at `from_rate`) into speech-rate
/// samples by averaging each span that becomes one output sample, which also filters out
/// the high frequencies that would otherwise fold back as noise.
pub fn downsample(input: &[f32], from_rate: u32, to_rate: u32) -> Vec<i16> {
    if input.is_empty() || from_rate == 0 || to_rate == 0 {
        return Vec::new();
    }
    let step = from_rate as f64 / to_rate as f64;
    let out_len = ((input.len() as f64) / step).floor().max(1.0) as usize;
    (0..out_len)
        .map(|i| {
            let start = ((i as f64) * step) as usize;
            let end = (((i + 1) as f64) * step).ceil().max(start as f64 + 1.0) as usize;
            let span = &input[start.min(input.len() - 1)..end.min(input.len())];
            let mean = span.iter().map(|s| *s as f64).sum::<f64>() / span.len().max(1) as f64;
            let clamped = if mean.is_finite() {
                mean.clamp(-1.0, 1.0)
            } else {
                0.0
            };
            (clamped * i16::MAX as f64).round() as i16
        })
        .collect()
}

/// A mono 16-bit PCM WAV file of `samples` at `rate`: the format every webview and media
/// player can play, needing no encoder in the webview.
pub fn wav(samples: &[i16], rate: u32) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVE");
    out.extend_from_slice(b"fmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // the size of this chunk
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // one channel
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes()); // bytes a second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes a frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits a sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

/// "0:07", "2:30": how long the recording has run.
pub fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Why recording could not start, in plain words, from the browser's error name.
/// (The message's key in `ui/locales/`, shown in the young person's language.)
pub fn why_not(error_name: &str) -> &'static str {
    match error_name {
        "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" => "mic-none",
        "NotAllowedError" | "PermissionDeniedError" | "SecurityError" => "mic-off",
        "NotReadableError" | "TrackStartError" | "AbortError" => "mic-busy",
        "NoRecorder" | "NotSupportedError" => "mic-unsupported",
        _ => "mic-failed",
    }
}

/// Where the recorder is.
#[derive(Clone, Debug, PartialEq)]
pub enum Take {
    /// Nothing recorded yet.
    Ready,
    /// Waiting for the microphone.
    Starting,
    Recording {
        seconds: u32,
    },
    /// Recorded: can be listened to, kept or done again.
    Recorded {
        url: String,
    },
    Keeping,
    /// It could not record, and why (plain words).
    Failed(&'static str),
}

/// The live parts of a recording in progress, dropped when it ends.
#[derive(Default)]
struct Live {
    stream: Option<MediaStream>,
    context: Option<AudioContext>,
    processor: Option<ScriptProcessorNode>,
    /// The sound so far, at the webview's own rate.
    samples: Vec<f32>,
    rate: u32,
    /// The finished recording, as a WAV file.
    recorded: Option<Vec<u8>>,
    timer: Option<gloo_timers::callback::Interval>,
    // Kept alive while the webview may still call it.
    on_audio: Option<Closure<dyn FnMut(AudioProcessingEvent)>>,
}

impl Live {
    /// Stops listening and lets go of the microphone (its light goes off).
    fn release(&mut self) {
        self.timer = None;
        if let Some(p) = self.processor.take() {
            p.set_onaudioprocess(None);
            let _ = p.disconnect();
        }
        self.on_audio = None;
        if let Some(c) = self.context.take() {
            let _ = c.close();
        }
        if let Some(stream) = self.stream.take() {
            for track in stream.get_tracks().iter() {
                if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                    track.stop();
                }
            }
        }
    }

    fn recording(&self) -> bool {
        self.processor.is_some()
    }

    /// Ends the recording: what was heard becomes a WAV file, or `None` if nothing was.
    fn finish(&mut self) -> Option<String> {
        self.release();
        let samples = downsample(&std::mem::take(&mut self.samples), self.rate, RATE);
        if samples.len() < (RATE / 4) as usize {
            return None;
        }
        let bytes = wav(&samples, RATE);
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("audio/wav");
        let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        self.recorded = Some(bytes);
        Some(url)
    }
}

fn error_name(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

/// Ends a recording in progress and shows it to listen to.
fn stop(live: &Rc<RefCell<Live>>, take: &UseStateHandle<Take>) {
    let mut l = live.borrow_mut();
    if !l.recording() {
        return;
    }
    match l.finish() {
        Some(url) => take.set(Take::Recorded { url }),
        None => take.set(Take::Failed("nothing-recorded")),
    }
}

/// Asks for the microphone and starts recording; `take` follows every step.
///
/// The webview's Web Audio hands over the raw sound, which is kept as a WAV file. That works
/// wherever a microphone does; `MediaRecorder` would give smaller files but is missing from
/// some Linux webviews (it needs extra GStreamer encoders).
async fn start(live: Rc<RefCell<Live>>, take: UseStateHandle<Take>) {
    let fail = |take: &UseStateHandle<Take>, name: &str| take.set(Take::Failed(why_not(name)));
    let Some(window) = web_sys::window() else {
        return fail(&take, "NoRecorder");
    };
    let Ok(devices) = window.navigator().media_devices() else {
        return fail(&take, "NotFoundError");
    };
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::TRUE);
    let stream = match devices.get_user_media_with_constraints(&constraints) {
        Ok(promise) => match JsFuture::from(promise).await {
            Ok(s) => s.unchecked_into::<MediaStream>(),
            Err(e) => return fail(&take, &error_name(&e)),
        },
        Err(e) => return fail(&take, &error_name(&e)),
    };
    live.borrow_mut().stream = Some(stream.clone());
    let wired = (|| -> Result<(AudioContext, ScriptProcessorNode), JsValue> {
        let context = AudioContext::new()?;
        let source = context.create_media_stream_source(&stream)?;
        let processor = context
            .create_script_processor_with_buffer_size_and_number_of_input_channels_and_number_of_output_channels(
                4096, 1, 1,
            )?;
        source.connect_with_audio_node(&processor)?;
        // The processor only runs while connected to the output; it writes silence there.
        processor.connect_with_audio_node(&context.destination())?;
        Ok((context, processor))
    })();
    let (context, processor) = match wired {
        Ok(w) => w,
        Err(e) => {
            live.borrow_mut().release();
            let name = error_name(&e);
            return fail(&take, if name.is_empty() { "NoRecorder" } else { &name });
        }
    };
    let on_audio = {
        let live = live.clone();
        Closure::<dyn FnMut(AudioProcessingEvent)>::new(move |e: AudioProcessingEvent| {
            if let Ok(buffer) = e.input_buffer() {
                if let Ok(channel) = buffer.get_channel_data(0) {
                    live.borrow_mut().samples.extend_from_slice(&channel);
                }
            }
        })
    };
    processor.set_onaudioprocess(Some(on_audio.as_ref().unchecked_ref()));
    let timer = {
        let (take, live) = (take.clone(), live.clone());
        let seconds = Rc::new(RefCell::new(0u32));
        gloo_timers::callback::Interval::new(1000, move || {
            let s = {
                let mut s = seconds.borrow_mut();
                *s += 1;
                *s
            };
            if s >= LONGEST_SECONDS {
                stop(&live, &take);
            } else {
                take.set(Take::Recording { seconds: s });
            }
        })
    };
    let mut l = live.borrow_mut();
    l.rate = context.sample_rate() as u32;
    l.samples.clear();
    l.context = Some(context);
    l.processor = Some(processor);
    l.on_audio = Some(on_audio);
    l.timer = Some(timer);
    take.set(Take::Recording { seconds: 0 });
}

#[derive(Properties, PartialEq)]
pub struct VoiceProps {
    pub review_id: String,
    pub contribution_id: String,
    /// What the recording goes with, for names read aloud.
    pub about: String,
    pub on_space: Callback<Result<YoungPersonSpace, String>>,
}

/// "Record my voice": opens the recorder under the contribution.
#[function_component(RecordVoice)]
pub fn record_voice(p: &VoiceProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let open = use_state(|| false);
    let take = use_state(|| Take::Ready);
    let live = use_mut_ref(Live::default);
    // Leaving the screen mid-recording must switch the microphone off.
    {
        let live = live.clone();
        use_effect_with((), move |_| {
            move || {
                live.borrow_mut().release();
            }
        });
    }
    let forget = {
        let (take, live) = (take.clone(), live.clone());
        move || {
            if let Take::Recorded { url, .. } = &*take {
                let _ = web_sys::Url::revoke_object_url(url);
            }
            live.borrow_mut().recorded = None;
        }
    };
    let toggle = {
        let (open, forget) = (open.clone(), forget.clone());
        let (take, live) = (take.clone(), live.clone());
        Callback::from(move |_: MouseEvent| {
            if *open {
                // Closing mid-recording throws the sound away and frees the microphone.
                live.borrow_mut().release();
                live.borrow_mut().samples.clear();
                forget();
                take.set(Take::Ready);
            }
            open.set(!*open)
        })
    };
    let record = {
        let (take, live, forget) = (take.clone(), live.clone(), forget.clone());
        Callback::from(move |_: MouseEvent| {
            forget();
            take.set(Take::Starting);
            wasm_bindgen_futures::spawn_local(start(live.clone(), take.clone()));
        })
    };
    let stop = {
        let (live, take) = (live.clone(), take.clone());
        Callback::from(move |_: MouseEvent| stop(&live, &take))
    };
    let keep = {
        let (take, live, forget) = (take.clone(), live.clone(), forget.clone());
        let (review_id, contribution_id) = (p.review_id.clone(), p.contribution_id.clone());
        let (on_space, open) = (p.on_space.clone(), open.clone());
        Callback::from(move |_: MouseEvent| {
            if !matches!(&*take, Take::Recorded { .. }) {
                return;
            }
            let Some(wav) = live.borrow().recorded.clone() else {
                return;
            };
            take.set(Take::Keeping);
            let (take, forget, on_space, open) =
                (take.clone(), forget.clone(), on_space.clone(), open.clone());
            let (review_id, contribution_id) = (review_id.clone(), contribution_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = js_sys::Uint8Array::from(wav.as_slice());
                let result = ipc::attach(
                    &review_id,
                    &contribution_id,
                    "voice-note",
                    "audio/wav",
                    &bytes,
                )
                .await;
                let kept = result.is_ok();
                on_space.emit(result);
                if kept {
                    forget();
                    take.set(Take::Ready);
                    open.set(false);
                } else {
                    take.set(Take::Failed("recording-not-kept"));
                }
            });
        })
    };
    let id = format!("voice-{}", p.contribution_id);
    let panel = match &*take {
        Take::Ready | Take::Failed(_) => html! {
            <>
                if let Take::Failed(why) = &*take {
                    <p class="error" role="alert">{ t(lang, why) }</p>
                }
                <button type="button" class="button primary" id="voice-start" onclick={record.clone()}>
                    <span aria-hidden="true">{ "🎤 " }</span>{ t(lang, "start-recording") }
                </button>
            </>
        },
        Take::Starting => html! { <p role="status">{ t(lang, "getting-ready") }</p> },
        Take::Recording { seconds } => html! {
            <>
                <p class="recording" role="status">
                    <span class="recording-dot" aria-hidden="true"></span>
                    { tr(lang, "recording", &[("time", &clock(*seconds))]) }
                </p>
                <button type="button" class="button primary" id="voice-stop" onclick={stop}>{ t(lang, "stop") }</button>
            </>
        },
        Take::Recorded { url, .. } => html! {
            <>
                <p role="status">{ t(lang, "listen-back") }</p>
                <audio controls=true src={url.clone()} id="voice-listen" aria-label={tr(lang, "your-recording", &[("item", &p.about)])} />
                <div class="row">
                    <button type="button" class="button primary" id="voice-keep" onclick={keep}>{ t(lang, "keep-recording") }</button>
                    <button type="button" class="button calm" id="voice-again" onclick={record}>{ t(lang, "record-again") }</button>
                </div>
            </>
        },
        Take::Keeping => html! { <p role="status">{ t(lang, "keeping") }</p> },
    };
    html! {
        <>
            <button type="button" class="button calm" id={id} aria-expanded={open.to_string()} onclick={toggle.clone()}>{ t(lang, "record-voice") }</button>
            if *open {
                <div class="voice-recorder" role="group" aria-label={tr(lang, "record-group", &[("item", &p.about)])}>
                    { panel }
                    <button type="button" class="button subtle" id="voice-close" onclick={toggle}>{ t(lang, "close") }</button>
                </div>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wav_file_has_the_standard_header_and_the_samples() {
        let bytes = wav(&[0, 1, -1, i16::MAX], RATE);
        assert_eq!(bytes.len(), 44 + 8);
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()), 36 + 8);
        assert_eq!(&bytes[8..16], b"WAVEfmt ");
        assert_eq!(u16::from_le_bytes([bytes[20], bytes[21]]), 1, "PCM");
        assert_eq!(u16::from_le_bytes([bytes[22], bytes[23]]), 1, "mono");
        assert_eq!(u32::from_le_bytes(bytes[24..28].try_into().unwrap()), RATE);
        assert_eq!(
            u32::from_le_bytes(bytes[28..32].try_into().unwrap()),
            RATE * 2
        );
        assert_eq!(u16::from_le_bytes([bytes[34], bytes[35]]), 16, "bits");
        assert_eq!(&bytes[36..40], b"data");
        assert_eq!(u32::from_le_bytes(bytes[40..44].try_into().unwrap()), 8);
        assert_eq!(i16::from_le_bytes([bytes[46], bytes[47]]), 1);
        assert_eq!(i16::from_le_bytes([bytes[48], bytes[49]]), -1);
        assert_eq!(i16::from_le_bytes([bytes[50], bytes[51]]), i16::MAX);
    }

    #[test]
    fn downsampling_keeps_the_length_in_time_and_the_level() {
        // One second at 48 kHz becomes one second at 16 kHz.
        let second = vec![0.5f32; 48_000];
        let out = downsample(&second, 48_000, RATE);
        assert_eq!(out.len(), RATE as usize);
        assert!(
            out.iter().all(|s| (*s - 16_384).abs() <= 1),
            "{:?}",
            &out[..4]
        );
        // 44.1 kHz, the other usual rate, does not divide evenly.
        assert_eq!(
            downsample(&vec![0.0; 44_100], 44_100, RATE).len(),
            RATE as usize
        );
        // A tone at the highest frequency 48 kHz holds averages out instead of folding back.
        let squeal: Vec<f32> = (0..48_000)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let out = downsample(&squeal, 48_000, RATE);
        assert!(out.iter().all(|s| s.abs() <= i16::MAX / 3 + 1));
    }

    #[test]
    fn damaged_samples_never_overflow() {
        let out = downsample(&[2.0, -7.0, f32::NAN, f32::INFINITY], 16_000, RATE);
        assert_eq!(out, [i16::MAX, -i16::MAX, 0, 0]);
        assert!(downsample(&[], 48_000, RATE).is_empty());
        assert!(downsample(&[0.1], 0, RATE).is_empty());
    }

    #[test]
    fn the_clock_reads_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(7), "0:07");
        assert_eq!(clock(150), "2:30");
        assert_eq!(clock(LONGEST_SECONDS), "4:00");
    }

    #[test]
    fn a_missing_or_blocked_microphone_is_explained_in_plain_words() {
        let said = |name: &str| t(Lang::English, why_not(name));
        assert!(said("NotFoundError").contains("no microphone"));
        assert!(said("NotAllowedError").contains("switched off"));
        assert!(said("NotReadableError").contains("Another program"));
        assert!(said("NoRecorder").contains("not possible"));
        assert_eq!(
            said("SomethingNew"),
            "The recording could not start. Please try again."
        );
    }
}
