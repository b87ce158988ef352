from factcheck.cli.main import main


def test_schema_command_prints_claim_schema(capsys):
    assert main(["schema", "claim"]) == 0
    assert '"quote"' in capsys.readouterr().out
