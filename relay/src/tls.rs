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
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// A certificate chain (DER, the server's own first) and its private key (DER: PKCS#8, or
/// PKCS#1 for RSA or SEC1 for EC, as a council's certificate authority may issue them).
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

/// The largest certificate or key file read. A chain is a few kilobytes; a file much larger
/// than this is the wrong file, and is not read into memory whole.
const MAX_PEM_BYTES: u64 = 1024 * 1024;

impl TlsIdentity {
    /// Reads a certificate chain (the server's own first, then any intermediates) and its
    /// private key from PEM files, as a certificate authority or certbot writes them, and
    /// checks that the key is the certificate's. Each error is one sentence naming the file.
    pub fn from_pem_files(cert: &Path, key: &Path) -> Result<TlsIdentity, String> {
        use rustls::pki_types::pem::{Error as PemError, PemObject};
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let cert_name = cert.display();
        let key_name = key.display();
        let cert_pem = read_pem(cert, "TLS certificate")?;
        let chain = CertificateDer::pem_slice_iter(&cert_pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("the TLS certificate {cert_name} is not readable PEM: {e}"))?;
        if chain.is_empty() {
            return Err(format!(
                "the TLS certificate {cert_name} holds no certificate: it needs a \
                 `-----BEGIN CERTIFICATE-----` block"
            ));
        }
        let key_pem = read_pem(key, "TLS key")?;
        // The PEM parser's own words could quote a line of the key file: none of them here.
        let private = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| match e {
            PemError::NoItemsFound => format!(
                "the TLS key {key_name} holds no private key: it needs a \
                 `-----BEGIN PRIVATE KEY-----` block (or RSA PRIVATE KEY, or EC PRIVATE KEY)"
            ),
            _ => format!("the TLS key {key_name} is not a readable PEM private key"),
        })?;
        let identity = TlsIdentity {
            cert_chain: chain.iter().map(|c| c.to_vec()).collect(),
            key: private.secret_der().to_vec(),
        };
        let provider = rustls::crypto::ring::default_provider();
        match rustls::sign::CertifiedKey::from_der(chain, private, &provider) {
            Ok(_) => Ok(identity),
            Err(rustls::Error::InconsistentKeys(_)) => Err(format!(
                "the TLS certificate {cert_name} does not match the key {key_name}: the key \
                 must be the one the certificate was issued for"
            )),
            Err(e) => Err(format!(
                "the TLS key {key_name} cannot be used with the certificate {cert_name}: {e}"
            )),
        }
    }
}

/// A PEM file's bytes, or a sentence saying why not.
fn read_pem(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    let name = path.display();
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read the {what} {name}: {e}"))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_PEM_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| format!("cannot read the {what} {name}: {e}"))?;
    if bytes.len() as u64 > MAX_PEM_BYTES {
        return Err(format!(
            "the {what} {name} is larger than a PEM file should be ({} MiB or more)",
            MAX_PEM_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
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
    // The format is told apart by the DER's first fields, as PEM files from a certificate
    // authority come in any of the three.
    let key = rustls::pki_types::PrivateKeyDer::try_from(identity.key.clone())
        .map_err(|e| format!("the private key cannot be used: {e}"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `der` as a PEM block labelled `label` (base64, 64 characters a line).
    fn pem(label: &str, der: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut text = String::new();
        for chunk in der.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    text.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
                } else {
                    text.push('=');
                }
            }
        }
        let lines: Vec<&str> = text
            .as_bytes()
            .chunks(64)
            .map(|l| std::str::from_utf8(l).unwrap())
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines.join("\n")
        )
    }

    /// A self-signed certificate and its key (PKCS#8), as PEM, and the key's DER.
    fn pem_pair_der() -> (String, String, Vec<u8>) {
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["relay.example".to_string()]).unwrap();
        let cert = params.self_signed(&key).unwrap();
        let der = key.serialize_der();
        (
            pem("CERTIFICATE", cert.der()),
            pem("PRIVATE KEY", &der),
            der,
        )
    }

    fn pem_pair() -> (String, String) {
        let (cert, key, _) = pem_pair_der();
        (cert, key)
    }

    /// One DER element: its tag, its contents and what follows it.
    fn der_element(bytes: &[u8]) -> (u8, &[u8], &[u8]) {
        let (tag, first) = (bytes[0], bytes[1]);
        let (len, start) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let n = usize::from(first & 0x7f);
            let len = bytes[2..2 + n]
                .iter()
                .fold(0usize, |len, b| len << 8 | usize::from(*b));
            (len, 2 + n)
        };
        (tag, &bytes[start..start + len], &bytes[start + len..])
    }

    #[test]
    fn an_ec_key_in_sec1_form_loads_too() {
        // PKCS#8 is SEQUENCE { version, algorithm, OCTET STRING { the SEC1 key } }: unwrap it,
        // as `openssl ec` writes an `EC PRIVATE KEY`.
        let (cert, _, pkcs8) = pem_pair_der();
        let (_, fields, _) = der_element(&pkcs8);
        let (_, _, rest) = der_element(fields);
        let (_, _, rest) = der_element(rest);
        let (tag, sec1, _) = der_element(rest);
        assert_eq!(tag, 0x04, "an OCTET STRING");
        let identity = load(&cert, &pem("EC PRIVATE KEY", sec1)).unwrap();
        assert!(server_config(&identity).is_ok());
    }

    fn load(cert: &str, key: &str) -> Result<TlsIdentity, String> {
        let dir = tempfile::tempdir().unwrap();
        let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        std::fs::write(&cert_path, cert).unwrap();
        std::fs::write(&key_path, key).unwrap();
        TlsIdentity::from_pem_files(&cert_path, &key_path)
    }

    #[test]
    fn a_certificate_and_its_key_load_and_serve() {
        let (cert, key) = pem_pair();
        let identity = load(&cert, &key).unwrap();
        assert_eq!(identity.cert_chain.len(), 1);
        assert!(server_config(&identity).is_ok());
        // A chain file with the intermediates after the server's own certificate.
        let (intermediate, _) = pem_pair();
        let identity = load(&format!("{cert}{intermediate}"), &key).unwrap();
        assert_eq!(identity.cert_chain.len(), 2);
    }

    #[test]
    fn a_key_that_is_not_the_certificates_is_refused() {
        let (cert, _) = pem_pair();
        let (_, other_key) = pem_pair();
        let message = load(&cert, &other_key).unwrap_err();
        assert!(message.contains("does not match"), "{message}");
        assert!(
            message.contains("cert.pem") && message.contains("key.pem"),
            "{message}"
        );
    }

    #[test]
    fn missing_swapped_and_damaged_files_are_named() {
        let (cert, key) = pem_pair();
        let dir = tempfile::tempdir().unwrap();
        let absent = dir.path().join("absent.pem");
        let message = TlsIdentity::from_pem_files(&absent, &absent).unwrap_err();
        assert!(
            message.contains("certificate") && message.contains("absent.pem"),
            "{message}"
        );

        // The two files given the wrong way round.
        let message = load(&key, &cert).unwrap_err();
        assert!(message.contains("holds no certificate"), "{message}");
        let message = load(&cert, &cert).unwrap_err();
        assert!(message.contains("holds no private key"), "{message}");

        let message = load("not a certificate at all", &key).unwrap_err();
        assert!(message.contains("holds no certificate"), "{message}");
        let broken = key.replace("MI", "!!");
        let message = load(&cert, &broken).unwrap_err();
        assert!(message.contains("key.pem"), "{message}");
        assert!(
            !message.contains("!!"),
            "the key file's contents stay out: {message}"
        );
    }

    #[test]
    fn an_oversized_file_is_not_read() {
        let (_, key) = pem_pair();
        let huge = "x".repeat(usize::try_from(MAX_PEM_BYTES).unwrap() + 10);
        let message = load(&huge, &key).unwrap_err();
        assert!(message.contains("larger than a PEM file"), "{message}");
    }
}
