extern alias AutherDev;

// The local Auther's public API (AutherDevServer, TokenRequest...) for every test file; its assembly is
// referenced under an alias so that its Program class does not clash with the API's.
global using AutherDev::Auther.Dev;
