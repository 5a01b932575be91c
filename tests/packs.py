"""The bundled policy packs, loaded once per test session: compiling a pack's rules takes about a second,
and many test modules read the same packs."""

from bot.policy import load_policies
from bot.settings import REPO_ROOT

BUNDLED = load_policies(REPO_ROOT / "config")
