"""Files the bot makes: pure functions from data to bytes."""
