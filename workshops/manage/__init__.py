"""Pages for workshop managers: registering, editing, equipment, co-managers, claims, history."""
