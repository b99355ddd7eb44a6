//! How the core asks its frontend for files it found referenced (an `include`, a mounted
//! `redis.conf`) without doing I/O itself.

/// Answer to a request for a file.
#[derive(Debug)]
pub enum Provided {
    Found(Vec<u8>),
    NotFound,
    /// The file exists but could not be read (permissions, not a file).
    Error(String),
    /// The file is larger than the frontend reads (its size in bytes): reported by
    /// `input-limit-exceeded`.
    TooLarge(u64),
}

/// Implemented by each frontend: the CLI reads the file system (within the checked tree),
/// the playground and the action serve the files they were given.
pub trait FileProvider: Sync {
    /// Read a file by repository path (normalised, relative to the working directory).
    fn read(&self, path: &str) -> Provided;

    /// Repository paths of the files directly in a directory, for `include` globs.
    fn list_dir(&self, dir: &str) -> Vec<String>;
}

/// A provider that knows no files: everything the core needs was passed in.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoFiles;

impl FileProvider for NoFiles {
    fn read(&self, _path: &str) -> Provided {
        Provided::NotFound
    }
    fn list_dir(&self, _dir: &str) -> Vec<String> {
        Vec::new()
    }
}
