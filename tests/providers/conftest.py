import pytest
from provider_fakes import FakeAPI, InteractionsAPI, ResponsesAPI, check_messages, make_session

from deskpilot.desktop import Desktop

SCREEN = (1280, 800)


@pytest.fixture(scope="session")
def desktop():
    with Desktop(size=SCREEN) as d:
        yield d


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """No real keys or endpoints leak into the tests; fake ones are set per test."""
    for name in (
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_AUTH_TOKEN",
        "ANTHROPIC_BASE_URL",
        "ANTHROPIC_PROFILE",
        "ANTHROPIC_BEDROCK_BASE_URL",
        "ANTHROPIC_VERTEX_BASE_URL",
        "AWS_BEARER_TOKEN_BEDROCK",
        "CLOUD_ML_REGION",
        "ANTHROPIC_VERTEX_PROJECT_ID",
        "GOOGLE_OAUTH_ACCESS_TOKEN",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "GEMINI_API_KEY",
        "GOOGLE_API_KEY",
        "GEMINI_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def messages_api():
    api = FakeAPI(check=check_messages)
    yield api
    api.close()


@pytest.fixture
def interactions_api():
    api = InteractionsAPI()
    yield api
    api.close()


@pytest.fixture
def responses_api():
    api = ResponsesAPI()
    yield api
    api.close()


@pytest.fixture
def chat_api():
    api = FakeAPI()
    yield api
    api.close()


@pytest.fixture
def session_for(desktop):
    made = []

    def build(provider, **kwargs):
        session = make_session(
            desktop,
            provider.tool_versions(),
            scaling_policy=provider.scaling_policy(),
            zoom=provider.zoom(),
            **kwargs,
        )
        made.append(session)
        return session

    yield build
    for session in made:
        if "bash" in session.tools:
            session.tools["bash"].close()
