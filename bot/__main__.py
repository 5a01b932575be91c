"""`python -m bot` runs the checkpost command line."""

from bot.cli import main

main()
