//! Password hashing (argon2id) and the generation of first passwords.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes a password with argon2id and a random salt, in the PHC string format.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Whether `password` matches a stored PHC hash; a malformed hash never matches.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A random password of 20 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), for an administrator to read off a terminal.
pub fn generate_password() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    domain::account::password_from(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_and_nothing_else() {
        let hash = hash_password("mật khẩu đúng").unwrap();
        assert!(verify_password("mật khẩu đúng", &hash));
        assert!(!verify_password("mật khẩu sai", &hash));
        assert!(!verify_password("mật khẩu đúng", "not a hash"));
    }

    #[test]
    fn generated_passwords_differ() {
        let first = generate_password();
        assert_eq!(first.len(), 20);
        assert_ne!(first, generate_password());
    }
}
