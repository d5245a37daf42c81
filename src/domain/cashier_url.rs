//! The check a provider's page address passes before the app sends anyone there: the backend
//! names it (`NextAction::Redirect`), and a backend that is wrong or tampered with must not be
//! able to send a payer to a look-alike page.
//!
//! - https only, except on the loopback hosts tests run on;
//! - its origin one of the allowed: `config.json`'s `payment_origins` in production (and,
//!   without them, only this app's and its backend's own, where the demo's stand-ins live);
//! - nothing that parses one way here and another in the browser: no user part
//!   (`https://bank.example@evil.example`), no backslashes, spaces or control characters.

/// Why an address was refused. Nothing was paid: the person stays with their payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusedUrl {
    /// Not an absolute http(s) address this check can read.
    NotAnAddress,
    /// Plain http to a host that is not this machine.
    NotHttps,
    /// A host that is not among the allowed providers.
    NotAllowed { origin: String },
}

/// The address's origin (`https://pay.example:8443`), lower-cased, when it passes the rules
/// that do not depend on the allow-list.
pub fn origin_of(url: &str) -> Result<String, RefusedUrl> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return Err(RefusedUrl::NotAnAddress);
    }
    let (scheme, rest) = url.split_once("://").ok_or(RefusedUrl::NotAnAddress)?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default().to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return Err(RefusedUrl::NotAnAddress);
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().map(|h| format!("[{h}]")).unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default().to_string(),
    };
    let loopback = matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]");
    match scheme.as_str() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(RefusedUrl::NotHttps),
        _ => return Err(RefusedUrl::NotAnAddress),
    }
    Ok(format!("{scheme}://{authority}"))
}

/// Whether the app may send the person to `url`: see the module's rules.
pub fn check(url: &str, allowed_origins: &[String]) -> Result<(), RefusedUrl> {
    let origin = origin_of(url)?;
    let allowed = allowed_origins.iter().any(|a| origin_of(a).is_ok_and(|a| a == origin));
    if allowed {
        Ok(())
    } else {
        Err(RefusedUrl::NotAllowed { origin })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn allowed() -> Vec<String> {
        vec!["https://pay.weixin.qq.com".into(), "https://openapi.alipay.com".into(), "http://127.0.0.1:8081".into()]
    }

    #[test]
    fn only_https_to_an_allowed_provider() {
        assert_eq!(check("https://pay.weixin.qq.com/h5?prepay_id=wx1&package=2", &allowed()), Ok(()));
        assert_eq!(check("HTTPS://Pay.Weixin.QQ.com/h5", &allowed()), Ok(()), "scheme and host compare without case");
        assert_eq!(check("http://127.0.0.1:8081/__cashier/pay_1", &allowed()), Ok(()), "loopback test hosts may use http");
        assert_eq!(check("http://pay.weixin.qq.com/h5", &allowed()), Err(RefusedUrl::NotHttps));
        assert_eq!(check("https://pay.weixin.qq.com.evil.example/h5", &allowed()), Err(RefusedUrl::NotAllowed { origin: "https://pay.weixin.qq.com.evil.example".into() }));
        assert_eq!(check("https://pay.weixin.qq.com:444/h5", &allowed()), Err(RefusedUrl::NotAllowed { origin: "https://pay.weixin.qq.com:444".into() }));
        assert_eq!(check("http://127.0.0.1:9999/x", &allowed()), Err(RefusedUrl::NotAllowed { origin: "http://127.0.0.1:9999".into() }));
    }

    #[test]
    fn addresses_that_read_two_ways_are_refused() {
        for url in [
            "https://pay.weixin.qq.com@evil.example/",
            "https://evil.example\\@pay.weixin.qq.com/",
            "https://pay.weixin.qq.com /x",
            "javascript:alert(1)",
            "//pay.weixin.qq.com/h5",
            "/cashier",
            "data:text/html,x",
            "weixin://wxpay/bizpayurl?pr=1",
            "https:///x",
            "",
        ] {
            assert!(check(url, &allowed()).is_err(), "{url}");
        }
    }

    proptest! {
        /// Whatever follows an allowed origin's authority, only a path, query or fragment can:
        /// the origin the browser would go to is the one checked.
        #[test]
        fn a_passing_address_goes_to_an_allowed_origin(tail in "[/?#][ -~]{0,40}", host in "[a-z.]{1,20}") {
            let url = format!("https://{host}{tail}");
            if check(&url, &allowed()).is_ok() {
                prop_assert!(allowed().iter().any(|a| a.trim_start_matches("https://") == host));
            }
        }
    }
}
