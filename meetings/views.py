"""Pages of the meetings: planning, agendas, invitations and replies."""
