"""Named defaults and environment-variable names of the action server."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOMAIN_FILE = REPO_ROOT / "nlu" / "domain.yml"

DEFAULT_ACTIONS_HOST = "127.0.0.1"
DEFAULT_ACTIONS_PORT = 5055
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{REPO_ROOT / 'var' / 'tanya.db'}"
DEFAULT_KB_DIR = "knowledge_base/services"
DEFAULT_GATEWAY_HOST = "127.0.0.1"
DEFAULT_GATEWAY_PORT = 8080

ENV_GATEWAY_URL = "GATEWAY_URL"
ENV_ACTIONS_URL = "ACTIONS_URL"

# A list longer than this is summarised, with a button to see all of it.
LONG_LIST_ITEMS = 8
# How many items a summarised list shows.
SUMMARY_ITEMS = 5
# Candidates offered as buttons when the service is unclear.
CANDIDATE_BUTTONS = 3
# The top two intents of a message that fell back are offered as buttons when their
# confidences differ by less than this: FallbackClassifier's ambiguity_threshold in
# nlu/config.yml (tests/actions/test_clarification.py keeps the two equal).
CLARIFY_MAX_GAP = 0.08

# Forms give up after this many invalid answers to one question.
MAX_FORM_ATTEMPTS = 3
# What a citizen types to leave a form (compared after lower-casing, trimming and
# dropping the words in CANCEL_FILLERS: "gak jadi deh, makasih" is "gak jadi").
CANCEL_WORDS = frozenset(
    {
        "batal",
        "batalkan",
        "dibatalkan",
        "cancel",
        "gak jadi",
        "ga jadi",
        "gk jadi",
        "gajadi",
        "nggak jadi",
        "ngga jadi",
        "enggak jadi",
        "tidak jadi",
        "stop",
    }
)
# Words around a cancel phrase that do not change it.
CANCEL_FILLERS = frozenset(
    {
        "aja", "saja", "deh", "dulu", "ya", "yah", "yaudah", "udah", "sudah", "kak", "min",
        "pak", "bu", "mas", "mbak", "makasih", "terima", "kasih", "trims", "ok", "oke",
        "sorry", "maaf", "saya", "sy",
    }
)  # fmt: skip
# What a citizen types to skip an optional question.
SKIP_WORDS = frozenset(
    {"lewati", "skip", "tidak", "tidak ada", "gak", "nggak", "ga", "tidak usah", "-"}
)

# Complaints: tracking-number prefix and the promised time frame for a first response.
COMPLAINT_PREFIX = "ADU"
COMPLAINT_RESPONSE_WORKING_DAYS = 5

# Status-change notifications: the gateway's route and the action server's callback route.
GATEWAY_NOTIFY_PATH = "/internal/notify"
STATUS_CALLBACK_PATH = "/callbacks/status"
NOTIFY_TIMEOUT_S = 5.0

# Indonesian time-zone abbreviations used in the knowledge base → IANA zones.
TIME_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
DEFAULT_TIME_ZONE = "Asia/Jakarta"

# The national SKM survey scale (Permenpan RB 14/2017).
SKM_SCALE = {1: "Tidak baik", 2: "Kurang baik", 3: "Baik", 4: "Sangat baik"}
