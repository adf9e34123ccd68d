//! Serving the relay over TLS with a certificate the caller brings: a meeting room's laptop
//! makes its own for the day, and each invitation made in the room pins it, so a stranger on
//! the room's Wi-Fi can neither read the access tokens nor pose as the room's relay.
//!
//! A relay run for a whole area sits behind the council's usual TLS front end (a reverse
//! proxy with a certificate from a public authority) and serves plain HTTP to it; clients then
//! check that certificate the normal way.

use crate::http::router;
use crate::storage::LogStore;
use crate::Relay;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// A certificate chain (DER, the server's own first) and its private key (PKCS#8 DER).
#[derive(Clone)]
pub struct TlsIdentity {
    pub cert_chain: Vec<Vec<u8>>,
    pub key: Vec<u8>,
}

// The key is a secret: never print it.
impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity").finish_non_exhaustive()
    }
}

/// A handshake that has not finished by then is dropped, so a stranger opening connections
/// and saying nothing cannot hold the relay's tasks.
const HANDSHAKE_DEADLINE: Duration = Duration::from_secs(10);

/// The rustls server settings for `identity` (ring, TLS 1.2 and 1.3).
pub fn server_config(identity: &TlsIdentity) -> Result<rustls::ServerConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = identity
        .cert_chain
        .iter()
        .map(|c| rustls::pki_types::CertificateDer::from(c.clone()))
        .collect();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(identity.key.clone().into());
    rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("the certificate or its key cannot be used: {e}"))
}

/// As [`crate::serve`], over TLS: serves `relay` on `listener` until `shutdown` completes,
/// then stops accepting and releases waiting pulls.
pub async fn serve_tls<S, F>(
    listener: TcpListener,
    relay: Arc<Relay<S>>,
    config: rustls::ServerConfig,
    shutdown: F,
) where
    S: LogStore,
    F: Future<Output = ()> + Send + 'static,
{
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let app = router(Arc::clone(&relay));
    tokio::pin!(shutdown);
    loop {
        let (tcp, _) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors, say: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let (acceptor, app) = (acceptor.clone(), app.clone());
        let peer = tcp.peer_addr().ok();
        tokio::spawn(async move {
            let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE_DEADLINE, acceptor.accept(tcp)).await
            else {
                return;
            };
            // The client's address, for its allowance, as plain HTTP's server gives it.
            let app = match peer {
                Some(peer) => app.layer(axum::Extension(axum::extract::ConnectInfo(peer))),
                None => app,
            };
            let service = TowerToHyperService::new(app);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
    relay.stop_waiting();
}
