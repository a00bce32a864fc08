"""The operator desk: chats handed from the bot to people, their groups and the transcript."""
