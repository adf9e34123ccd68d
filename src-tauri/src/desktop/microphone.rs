//! Lets the young person's screen record a voice note with the computer's microphone.
//!
//! WebKitGTK ships with media capture switched off, and refuses any permission request the
//! application does not answer, so `getUserMedia` fails until the shell opts in. Only
//! microphone requests are granted: nothing in Northstar needs a camera or the screen, and a
//! page that asked for them would be doing something it should not.
//!
//! `NORTHSTAR_MOCK_MICROPHONE=1` swaps in WebKit's built-in test devices (a steady tone), so
//! the end-to-end tests can record a voice note under Xvfb, where no sound card exists.

/// Turns media capture on for the window's webview and answers its permission requests.
#[cfg(target_os = "linux")]
pub fn allow(window: &tauri::WebviewWindow) {
    let mock = std::env::var_os("NORTHSTAR_MOCK_MICROPHONE").is_some_and(|v| v == "1");
    // The closure runs on the GTK main thread; a failure only means no recording.
    let _ = window.with_webview(move |webview| {
        use webkit2gtk::glib::prelude::Cast;
        use webkit2gtk::{
            PermissionRequestExt, SettingsExt, UserMediaPermissionRequest,
            UserMediaPermissionRequestExt, WebViewExt,
        };
        let view = webview.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
            settings.set_enable_mock_capture_devices(mock);
        }
        view.connect_permission_request(|_, request| {
            let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() else {
                // Not ours to decide: WebKit's default (deny) stands.
                return false;
            };
            if media.is_for_audio_device() && !media.is_for_video_device() {
                request.allow();
            } else {
                request.deny();
            }
            true
        });
    });
}

/// Elsewhere the platform's webview asks the person itself.
#[cfg(not(target_os = "linux"))]
pub fn allow(_window: &tauri::WebviewWindow) {}
