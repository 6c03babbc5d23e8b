<?php
// The tests' hands inside WordPress, by WordPress's own functions: `php wordpress-setup.php ROOT
// install ORIGIN` installs the site (wp_install, as wp-admin/install.php does) with its users and
// pages; `publish ID` publishes a post as an Editor reviewing it would; `post ID` reads one back.
// Each prints one JSON line.

[ , $root, $command ] = $argv;
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
if ( 'install' === $command ) {
	define( 'WP_INSTALLING', true );
}
require $root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

function answer( $value ) {
	echo wp_json_encode( $value ), "\n";
	exit( 0 );
}

if ( 'install' === $command ) {
	wp_install( 'Sign-out test site', 'administrator', 'administrator@example.test', false, '', 'password-administrator' );
	update_option( 'permalink_structure', '' );
	$users = array( 'administrator' => 1 );
	foreach ( array( 'editor', 'author', 'contributor' ) as $role ) {
		$users[ $role ] = wp_insert_user( array(
			'user_login' => $role,
			'user_pass'  => 'password-' . $role,
			'user_email' => $role . '@example.test',
			'role'       => $role,
		) );
	}
	// The block editor's welcome guide stays closed: it is a person's first visit only.
	foreach ( $users as $id ) {
		update_user_meta( $id, $GLOBALS['wpdb']->get_blog_prefix() . 'persisted_preferences', array(
			'core/edit-post' => array( 'welcomeGuide' => false ),
			'_modified'      => gmdate( 'c' ),
		) );
	}
	answer( array( 'users' => $users ) );
}

if ( 'page' === $command ) {
	// `page TITLE CONTENT`: a published page, as the Administrator writes it.
	wp_set_current_user( 1 );
	$id = wp_insert_post( array(
		'post_type'    => 'page',
		'post_status'  => 'publish',
		'post_title'   => $argv[3],
		'post_content' => $argv[4],
	) );
	answer( array( 'id' => $id, 'url' => get_permalink( $id ) ) );
}

if ( 'publish' === $command ) {
	wp_publish_post( (int) $argv[3] );
	answer( array( 'url' => get_permalink( (int) $argv[3] ) ) );
}

if ( 'post' === $command ) {
	$post = get_post( (int) $argv[3] );
	answer( array( 'status' => $post->post_status, 'content' => $post->post_content, 'author' => (int) $post->post_author, 'url' => get_permalink( $post ) ) );
}

fwrite( STDERR, "unknown command $command\n" );
exit( 2 );
